import type { FinishReason } from '../../types';

/**
 * Ollama's `done_reason` → OpenAI `finish_reason`.
 * `stop` is a natural end (or, when the turn called tools, a tool-call turn: Ollama reports `stop`
 * there too); `length` is `num_predict` reached; `load` / `unload` answer a request that only
 * (un)loaded the model, which ended without generating. A reason this build does not know, or none
 * (Ollama before 0.1.x sent no `done_reason`), ends the turn as Kong does: `length` when the answer
 * used exactly the configured `max_tokens`, `stop` otherwise.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 * @see kong/llm/drivers/shared.lua from_ollama (stop_reason)
 */
export function mapOllamaDoneReason(
  doneReason: string | undefined,
  hasToolCalls: boolean,
  evalCount: number | undefined,
  maxTokens: number | null | undefined,
): FinishReason {
  switch (doneReason) {
    case 'length':
      return 'length';
    case 'stop':
    case 'load':
    case 'unload':
      return hasToolCalls ? 'tool_calls' : 'stop';
    default:
      if (hasToolCalls) return 'tool_calls';
      return maxTokens != null && evalCount === maxTokens ? 'length' : 'stop';
  }
}

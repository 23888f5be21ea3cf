import type { FinishReason } from '../../types';

/**
 * Anthropic's `stop_reason` (Messages and the legacy Text Completions) → OpenAI's `finish_reason`.
 * - `pause_turn` (a server-tool loop paused; the client may resend to continue) ends this answer
 *   normally as far as an OpenAI client can tell, so it is `stop`.
 * - `model_context_window_exceeded` ran out of room like `max_tokens`, so it is `length`.
 * - A missing or unknown reason (a newer API version) is `stop`: the answer did end, and OpenAI
 *   has no "other" value; the provider's raw value is never passed through.
 * @see https://docs.anthropic.com/en/api/messages#response-stop-reason
 * @see https://docs.anthropic.com/en/docs/build-with-claude/handling-stop-reasons
 */
export function mapAnthropicStopReason(stopReason: unknown): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

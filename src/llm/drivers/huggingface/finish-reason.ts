import type { FinishReason } from '../../types';

/**
 * Hugging Face finish reasons → OpenAI's. text-generation-inference reports `eos_token`,
 * `stop_sequence` and `length` (in `details.finish_reason`, and in its Messages API's choices);
 * providers behind the HF router answer OpenAI's own values. Absent means "not finished" (a stream
 * chunk); a value this build does not know still ended the generation, so it reads as `stop`.
 * @see https://huggingface.github.io/text-generation-inference/#/Text%20Generation%20Inference/generate
 */
export function mapHuggingfaceFinishReason(reason: unknown): FinishReason {
  if (reason === null || reason === undefined) return null;
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool_calls':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    case 'eos_token':
    case 'stop_sequence':
    case 'stop':
      return 'stop';
    default:
      return 'stop';
  }
}

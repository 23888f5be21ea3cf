import type { FinishReason } from '../../types';

/**
 * Cohere's `finish_reason` (v1 chat and generate, v2 chat) → OpenAI's `finish_reason`.
 * - `ERROR_TOXIC` is a content filter; `ERROR_LIMIT` (context window full) is a length stop.
 * - `ERROR`, `TIMEOUT`, `USER_CANCEL`, a missing or an unknown reason end the answer without a
 *   value OpenAI has a name for, so `stop`; the provider's raw value is never passed through.
 * @see https://docs.cohere.com/reference/chat#response.body.finish_reason
 * @see https://docs.cohere.com/v1/reference/chat#response.body.finish_reason
 */
export function mapCohereFinishReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'COMPLETE':
    case 'STOP_SEQUENCE':
      return 'stop';
    case 'MAX_TOKENS':
    case 'ERROR_LIMIT':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    case 'ERROR_TOXIC':
      return 'content_filter';
    case 'ERROR':
    case 'TIMEOUT':
    case 'USER_CANCEL':
    default:
      return 'stop';
  }
}

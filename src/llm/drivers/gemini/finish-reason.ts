import type { FinishReason } from '../../types';

/** @see https://ai.google.dev/api/generate-content#FinishReason */
export const GEMINI_FINISH_REASONS = [
  'FINISH_REASON_UNSPECIFIED',
  'STOP',
  'MAX_TOKENS',
  'SAFETY',
  'RECITATION',
  'LANGUAGE',
  'OTHER',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'MALFORMED_FUNCTION_CALL',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'IMAGE_OTHER',
  'NO_IMAGE',
  'UNEXPECTED_TOOL_CALL',
  'TOO_MANY_TOOL_CALLS',
] as const;
export type GeminiFinishReason = (typeof GEMINI_FINISH_REASONS)[number];

function isGeminiFinishReason(raw: unknown): raw is GeminiFinishReason {
  return typeof raw === 'string' && (GEMINI_FINISH_REASONS as readonly string[]).includes(raw);
}

/**
 * A candidate's `finishReason` → OpenAI's `finish_reason`; null while the candidate is not
 * finished (no reason yet, as in all but the last stream chunk). A turn that called functions
 * ends in `tool_calls` when Gemini stopped normally, as OpenAI reports it.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function mapGeminiFinishReason(raw: unknown, calledFunctions: boolean): FinishReason {
  if (raw === undefined || raw === null) return null;
  // A reason newer than this list: the candidate did finish; `stop` is the neutral answer.
  if (!isGeminiFinishReason(raw)) return calledFunctions ? 'tool_calls' : 'stop';
  switch (raw) {
    case 'STOP':
    case 'FINISH_REASON_UNSPECIFIED':
      return calledFunctions ? 'tool_calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    // Blocked by Google's filters: the text (or image) was withheld.
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
      return 'content_filter';
    // Unsupported language, a malformed or unexpected call, too many calls, no image, other:
    // the model stopped for a reason OpenAI has no name for.
    case 'LANGUAGE':
    case 'OTHER':
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
    case 'IMAGE_OTHER':
    case 'NO_IMAGE':
      return calledFunctions ? 'tool_calls' : 'stop';
  }
}

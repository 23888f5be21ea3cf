import { LlmError } from '../../errors';
import { isRecord } from './wire';

/**
 * The message of a Google error body `{"error":{"code","message","status"}}`, prefixed with its
 * status name (e.g. `RESOURCE_EXHAUSTED: …`). A streamed call's error may come as a one-element
 * array holding that body.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 * @see https://cloud.google.com/apis/design/errors#http_mapping
 */
export function geminiErrorMessage(body: unknown): string | undefined {
  const error = errorObject(body);
  if (!error) return undefined;
  const { status, message } = error;
  if (typeof message !== 'string' || message.trim() === '') return typeof status === 'string' ? status : undefined;
  return typeof status === 'string' ? `${status}: ${message.trim()}` : message.trim();
}

function errorObject(body: unknown): Record<string, unknown> | undefined {
  const item = Array.isArray(body) ? (body as unknown[])[0] : body;
  return isRecord(item) && isRecord(item.error) ? item.error : undefined;
}

/** Whether a stream element is an error (Google ends a failing stream with one). */
export function isGeminiError(body: unknown): boolean {
  return errorObject(body) !== undefined;
}

/** An error inside a stream: the upstream failed after its 200, so a 502. */
export function geminiStreamError(body: unknown): LlmError {
  const error = errorObject(body);
  const status = error && typeof error.status === 'string' ? error.status : undefined;
  return new LlmError(502, geminiErrorMessage(body) ?? 'error in the gemini stream', status === undefined ? {} : { type: status });
}

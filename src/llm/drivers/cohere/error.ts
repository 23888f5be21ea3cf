import { isRecord } from './wire';

/**
 * Cohere error bodies are `{"message": "..."}` (v1) or `{"id": "...", "message": "..."}` (v2).
 * @see https://docs.cohere.com/reference/errors
 */
export function cohereErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.message === 'string') return body.message;
  if (isRecord(body.error) && typeof body.error.message === 'string') return body.error.message;
  return undefined;
}

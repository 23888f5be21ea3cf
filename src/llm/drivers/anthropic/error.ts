import { LlmError } from '../../errors';
import { isRecord } from './wire';

/**
 * The message of an Anthropic error body `{"type":"error","error":{"type","message"}}`, prefixed
 * with its type so that e.g. `overloaded_error: Overloaded` stays readable on its own.
 * @see https://docs.anthropic.com/en/api/errors#error-shapes
 */
export function anthropicErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { type, message } = body.error;
  if (typeof message !== 'string') return typeof type === 'string' ? type : undefined;
  return typeof type === 'string' ? `${type}: ${message}` : message;
}

/** An `error` event in the middle of a stream: the upstream failed after its 200, so a 502. */
export function anthropicStreamError(data: unknown): LlmError {
  const type = isRecord(data) && isRecord(data.error) && typeof data.error.type === 'string' ? data.error.type : undefined;
  const message = anthropicErrorMessage(data) ?? 'error event in the anthropic stream';
  return new LlmError(502, message, type === undefined ? {} : { type });
}

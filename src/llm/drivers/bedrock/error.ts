import { LlmError } from '../../errors';
import { isRecord } from './wire';

/**
 * Bedrock Runtime errors are `{"message": "..."}` (the exception name travels in `x-amzn-ErrorType`).
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
 */
export function bedrockErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const message = body.message ?? body.Message;
  return typeof message === 'string' ? message : undefined;
}

/** An exception event inside the stream (after the 200): a 502 naming the exception. */
export function bedrockStreamError(exception: string | undefined, payload: string): LlmError {
  let message: string | undefined;
  try {
    message = bedrockErrorMessage(JSON.parse(payload));
  } catch {
    message = undefined;
  }
  const name = exception ?? 'exception';
  return new LlmError(502, message === undefined ? `${name} in the bedrock stream` : `${name}: ${message}`, { type: name });
}

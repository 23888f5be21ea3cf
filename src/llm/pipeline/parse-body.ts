import { LlmError, badRequest } from '../errors';
import { headerValue, type HeaderMap } from './client-request';

/** Kong's message when the body cannot be read as the content type says. @see normalize-request.lua */
export const BAD_BODY_MESSAGE = 'content-type header does not match request body, or bad JSON formatting';

function byteLength(body: Uint8Array | string): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

/**
 * The request body as an object. JSON (the default when no Content-Type is sent, as in Kong) and
 * form-urlencoded bodies are read; anything else, or a body over `max_request_body_size`
 * (0 = unlimited), is refused before parsing.
 */
export function parseRequestBody(headers: HeaderMap, rawBody: Uint8Array | string | null | undefined, maxBytes: number): Record<string, unknown> {
  if (rawBody == null || byteLength(rawBody) === 0) throw badRequest(BAD_BODY_MESSAGE);
  if (maxBytes > 0 && byteLength(rawBody) > maxBytes) {
    throw new LlmError(413, `request body is larger than max_request_body_size (${maxBytes} bytes)`);
  }
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength).toString('utf8');
  const contentType = (headerValue(headers, 'content-type') ?? 'application/json').toLowerCase();
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (!/^application\/([\w.+-]*\+)?json\b/.test(contentType)) throw badRequest(BAD_BODY_MESSAGE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest(BAD_BODY_MESSAGE);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest(BAD_BODY_MESSAGE);
  return parsed as Record<string, unknown>;
}

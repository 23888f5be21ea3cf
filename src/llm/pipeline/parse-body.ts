import { LlmError, badRequest } from '../errors';
import { headerValue, type HeaderMap } from './client-request';

/** Kong's message when the body cannot be read as the content type says. @see normalize-request.lua */
export const BAD_BODY_MESSAGE = 'content-type header does not match request body, or bad JSON formatting';

/**
 * How deep a client's JSON may nest. Kong decodes with lua-cjson, whose default `decode_max_depth`
 * is 1000; deeper bodies would also overflow the stack of the recursive JSON.stringify that sends
 * the upstream body (a few thousand levels), a 500 instead of the client's 400.
 * @see https://kyne.au/~mark/software/lua-cjson-manual.html#decode_max_depth
 */
export const MAX_JSON_DEPTH = 1000;

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count). */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

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
  if (jsonNestingDepth(text) > MAX_JSON_DEPTH) throw badRequest(`request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest(BAD_BODY_MESSAGE);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest(BAD_BODY_MESSAGE);
  return parsed as Record<string, unknown>;
}

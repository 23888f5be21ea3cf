/**
 * Kong's own error answers: the default message per status, the content type chosen from Accept,
 * and the body templates (`{"message": …, "request_id": …}` for JSON).
 * @see https://github.com/Kong/kong/blob/master/kong/error_handlers.lua
 * @see https://github.com/Kong/kong/blob/master/kong/tools/http.lua (get_response_type, ERROR_TEMPLATES)
 */

/** The messages of Kong's `kong.response.error` / error handler. */
const HTTP_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  411: 'Length required',
  413: 'Payload too large',
  414: 'URI too long',
  429: 'Too many requests',
  500: 'An unexpected error occurred',
  501: 'Not implemented',
  502: 'An invalid response was received from the upstream server',
  503: 'The upstream server is currently unavailable',
  504: 'The upstream server is timing out',
};

export const NO_ROUTE_MESSAGE = 'no Route matched with those values';

export function errorMessageFor(status: number): string {
  return HTTP_ERROR_MESSAGES[status] ?? `The upstream server responded with ${status}`;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';
const PLAIN_TYPE = 'text/plain; charset=utf-8';

/** media type (or its main type) → Kong's response content type. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  'application/json': JSON_TYPE,
  'text/html': HTML_TYPE,
  'application/xml': XML_TYPE,
  'text/plain': PLAIN_TYPE,
  application: JSON_TYPE,
  text: PLAIN_TYPE,
};

function mimeTypeFor(mediaType: string): string | undefined {
  const [type, subtype] = mediaType.toLowerCase().split('/', 2);
  if (type === undefined || subtype === undefined) return undefined;
  if (type === '*' && subtype === '*') return JSON_TYPE;
  if (subtype === '*') return MIME_TYPES[type];
  return MIME_TYPES[`${type}/${subtype}`];
}

/** The content type of an error answer: the known media type of highest quality in Accept, else JSON. */
export function errorContentType(accept: string | undefined): string {
  let contentType = JSON_TYPE;
  if (accept === undefined) return contentType;
  let best = 0;
  for (const item of accept.split(',')) {
    const [media, ...params] = item.trim().split(';');
    if (!media) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!(q > best)) continue;
    best = q;
    contentType = mimeTypeFor(media.trim()) ?? contentType;
  }
  return contentType;
}

function escapeJsonText(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Kong's error body for a content type returned by `errorContentType`. */
export function errorBody(contentType: string, message: string, requestId: string): string {
  switch (contentType) {
    case HTML_TYPE:
      return `<!doctype html>\n<html>\n  <head>\n    <meta charset="utf-8">\n    <title>Error</title>\n  </head>\n  <body>\n    <h1>Error</h1>\n    <p>${escapeMarkup(message)}.</p>\n    <p>request_id: ${requestId}</p>\n  </body>\n</html>\n`;
    case XML_TYPE:
      return `<?xml version="1.0" encoding="UTF-8"?>\n<error>\n  <message>${escapeMarkup(message)}</message>\n  <requestid>${requestId}</requestid>\n</error>\n`;
    case PLAIN_TYPE:
      return `${message}\nrequest_id: ${requestId}\n`;
    default:
      return `{\n  "message":"${escapeJsonText(message)}",\n  "request_id":"${requestId}"\n}`;
  }
}

import { bearer, header, keyInParams, presented } from '../../auth';
import { json } from '../../reply';
import type { MockRequest, Reply } from '../../types';

/**
 * Google's error body: `{"error":{"code","message","status"}}`, status the gRPC code name.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 * @see https://cloud.google.com/apis/design/errors#http_mapping
 */
function statusName(code: number): string {
  switch (code) {
    case 400:
      return 'INVALID_ARGUMENT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'ABORTED';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 499:
      return 'CANCELLED';
    case 501:
      return 'NOT_IMPLEMENTED';
    case 503:
      return 'UNAVAILABLE';
    case 504:
      return 'DEADLINE_EXCEEDED';
    default:
      return code >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION';
  }
}

function defaultMessage(code: number): string {
  switch (code) {
    case 429:
      return 'Resource has been exhausted (e.g. check quota).';
    case 500:
      return 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting';
    case 503:
      return 'The model is overloaded. Please try again later.';
    default:
      return `Request failed with status ${code}.`;
  }
}

export function geminiError(code: number, message?: string, details?: unknown[]): Reply {
  const error: Record<string, unknown> = { code, message: message ?? defaultMessage(code), status: statusName(code) };
  if (details) error.details = details;
  return json(code, { error }, { 'content-type': 'application/json; charset=UTF-8' });
}

/**
 * The key in `x-goog-api-key` or `?key=` (Gemini API), or an OAuth bearer token (Vertex AI).
 * A wrong API key is a 400 on this API, a missing one a 403.
 */
export function geminiAuthenticate(req: MockRequest): Reply | undefined {
  const apiKey = header(req, 'x-goog-api-key') ?? req.query.get('key') ?? undefined;
  const token = bearer(req);
  if (apiKey === req.key || token === req.key || keyInParams(req)) return undefined;
  if (presented(apiKey)) {
    return geminiError(400, 'API key not valid. Please pass a valid API key.', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
    ]);
  }
  if (presented(token)) {
    return geminiError(
      401,
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    );
  }
  return geminiError(
    403,
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );
}

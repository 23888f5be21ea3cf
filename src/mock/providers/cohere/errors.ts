import { bearer, keyInParams, presented } from '../../auth';
import { json } from '../../reply';
import type { MockRequest, Reply } from '../../types';

/**
 * Cohere's error body: `{"message": "..."}`.
 * @see https://docs.cohere.com/reference/errors
 */
export function cohereError(status: number, message?: string): Reply {
  return json(status, { message: message ?? defaultMessage(status) });
}

function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return 'invalid api token';
    case 404:
      return 'model not found';
    case 429:
      return "You are using a Trial key, which is limited to 10 API calls / minute. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at 'https://dashboard.cohere.com/api-keys'.";
    case 500:
      return 'internal server error, this has been reported to our developers';
    default:
      return status >= 500 ? 'service unavailable' : 'invalid request';
  }
}

/** `Authorization: Bearer <key>`. */
export function cohereAuthenticate(req: MockRequest): Reply | undefined {
  const token = bearer(req);
  if (token === req.key || keyInParams(req)) return undefined;
  return cohereError(401, presented(token) ? 'invalid api token' : 'no api key supplied');
}

/** Cohere's `meta` / `usage` token blocks. */
export function billedUnits(usage: { prompt: number; completion: number }): Record<string, Record<string, number>> {
  const counts = { input_tokens: usage.prompt, output_tokens: usage.completion };
  return { billed_units: counts, tokens: counts };
}

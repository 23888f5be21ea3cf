import { bearer, keyInParams, maskKey, presented } from '../../auth';
import { json } from '../../reply';
import type { MockRequest, Reply } from '../../types';

/**
 * OpenAI's error body: `{"error":{"message","type","param","code"}}`.
 * @see https://platform.openai.com/docs/guides/error-codes/api-errors
 */
interface OpenAIErrorKind {
  type: string;
  code: string | null;
  message: string;
}

function errorKind(status: number): OpenAIErrorKind {
  switch (status) {
    case 400:
      return { type: 'invalid_request_error', code: null, message: 'Invalid request.' };
    case 401:
      return { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' };
    case 403:
      return { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' };
    case 404:
      return { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' };
    case 429:
      return { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again in 20ms.' };
    case 500:
      return { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' };
    case 503:
      return { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later' };
    default:
      return status >= 500
        ? { type: 'server_error', code: null, message: `The server had an error (status ${status}).` }
        : { type: 'invalid_request_error', code: null, message: `Request failed with status ${status}.` };
  }
}

export function openaiError(status: number, message?: string, extra: { param?: string; code?: string | null } = {}): Reply {
  const kind = errorKind(status);
  const code = extra.code !== undefined ? extra.code : kind.code;
  return json(status, { error: { message: message ?? kind.message, type: kind.type, param: extra.param ?? null, code } });
}

/** `Authorization: Bearer <key>` (or the key in a query/body parameter), else OpenAI's 401. */
export function openaiAuthenticate(req: MockRequest): Reply | undefined {
  const token = bearer(req);
  if (token === req.key || keyInParams(req)) return undefined;
  if (!presented(token)) {
    return openaiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      { code: null },
    );
  }
  return openaiError(
    401,
    `Incorrect API key provided: ${maskKey(token ?? '')}. You can find your API key at https://platform.openai.com/account/api-keys.`,
  );
}

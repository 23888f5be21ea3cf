import type { MockRequest } from './types';

/**
 * Credential checks. Besides each provider's own header, every provider accepts the key in ANY
 * query parameter or top-level JSON body field whose value equals it: that is how Kong's
 * `auth.param_name` / `param_value` / `param_location` (query or body) reach an upstream.
 */

export function header(req: MockRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The token of `Authorization: Bearer <token>`, if any. */
export function bearer(req: MockRequest): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '');
  return m?.[1]?.trim();
}

/** True when some query parameter or top-level body field carries exactly the key. */
export function keyInParams(req: MockRequest): boolean {
  for (const v of req.query.values()) if (v === req.key) return true;
  const body = req.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const v of Object.values(body)) if (v === req.key) return true;
  }
  return false;
}

/** Whether the request presented any credential at all (to tell "missing" from "wrong"). */
export function presented(...values: Array<string | undefined>): boolean {
  return values.some((v) => v !== undefined && v !== '');
}

/** OpenAI's masking in "Incorrect API key provided": first 3 and last 4 characters shown. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`;
}

/**
 * The access key id of an AWS SigV4 `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=<id>/<date>/<region>/<service>/aws4_request, ...`).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
 */
export function awsAccessKeyId(req: MockRequest): string | undefined {
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\//.exec(header(req, 'authorization') ?? '');
  return m?.[1];
}

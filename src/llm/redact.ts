import type { AuthConfig } from './types';

export const REDACTED = '[REDACTED]';

/** The configured credential values (never logged, never echoed). */
export function configuredSecrets(auth: AuthConfig | null | undefined): string[] {
  if (!auth) return [];
  const values = [auth.header_value, auth.param_value, auth.aws_secret_access_key, auth.azure_client_secret, auth.gcp_service_account_json];
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 4);
}

/**
 * `text` with every configured credential replaced, including a bearer token's bare key: an upstream
 * that echoes the key it refused (some do, in 401 bodies) must not pass it on to clients or logs.
 */
export function redactSecrets(text: string, auth: AuthConfig | null | undefined): string {
  let out = text;
  for (const secret of configuredSecrets(auth)) {
    const bare = secret.replace(/^(Bearer|Basic)\s+/i, '');
    for (const value of new Set([secret, bare])) if (value.length >= 4) out = out.split(value).join(REDACTED);
  }
  return out;
}

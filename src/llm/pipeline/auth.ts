import type { AuthConfig } from '../types';
import { headerValue, queryValue, type HeaderMap, type QueryArgs } from './client-request';

/**
 * Where the configured credential goes. A client's own credential is kept only when
 * `auth.allow_override` is true; otherwise the configured one always replaces it.
 * @see kong/llm/drivers/openai.lua configure_request, normalize-request.lua (body params)
 */
export interface AuthPlacement {
  header?: { name: string; value: string };
  query?: { name: string; value: string };
  body?: { name: string; value: string };
}

export function placeAuth(
  auth: AuthConfig | null | undefined,
  client: { headers: HeaderMap; query?: QueryArgs; body: Record<string, unknown> },
): AuthPlacement {
  const placement: AuthPlacement = {};
  if (!auth) return placement;
  const override = auth.allow_override === true;
  if (auth.header_name && auth.header_value) {
    const own = headerValue(client.headers, auth.header_name);
    if (own === undefined || !override) placement.header = { name: auth.header_name, value: auth.header_value };
  }
  if (auth.param_name && auth.param_value) {
    if (auth.param_location === 'query') {
      const own = client.query ? queryValue(client.query, auth.param_name) : undefined;
      if (own === undefined || !override) placement.query = { name: auth.param_name, value: auth.param_value };
    } else if (auth.param_location === 'body') {
      if (client.body[auth.param_name] === undefined || !override) placement.body = { name: auth.param_name, value: auth.param_value };
    }
  }
  return placement;
}

/** Whether placing auth needs the client's query args. */
export function authNeedsQuery(auth: AuthConfig | null | undefined): boolean {
  return !!auth && auth.param_location === 'query' && !!auth.param_name && !!auth.param_value;
}

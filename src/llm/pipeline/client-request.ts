/**
 * The client's request as the plugin sees it through the PDK. Headers and the raw body are read up
 * front (two PDK calls); the query and URI captures only when a config needs them.
 */

/** Lower-cased header names; repeated headers as arrays (Kong's `kong.request.get_headers`). */
export type HeaderMap = Record<string, string | string[]>;

/** Kong's `kong.request.get_query` shape: a flag without `=` is `true`; repeated args are arrays. */
export type QueryArgs = Record<string, string | boolean | (string | boolean)[]>;

export interface ClientRequestSource {
  headers: HeaderMap;
  rawBody: Uint8Array | string | null | undefined;
  query(): Promise<QueryArgs>;
  uriCaptures(): Promise<Record<string, string>>;
}

/** First value of a header, case-insensitively. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : v;
}

/** First value of a query arg as a string (`?flag` counts as present with value ''). */
export function queryValue(query: QueryArgs, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === true ? '' : first === false ? undefined : first;
}

/** Serialises Kong-shaped query args back to a raw query string (no leading `?`). */
export function encodeQuery(query: QueryArgs): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === false) continue;
      parts.push(v === true ? encodeURIComponent(key) : `${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
    }
  }
  return parts.join('&');
}

/** Whether the client accepts a gzip answer (`Accept-Encoding` lists gzip without q=0). */
export function acceptsGzip(headers: HeaderMap): boolean {
  const raw = headers['accept-encoding'];
  const value = Array.isArray(raw) ? raw.join(',') : raw ?? '';
  return value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .some((part) => /^gzip(\s*;\s*q=(?!0(\.0*)?$)[\d.]+)?$/.test(part) || part === 'gzip');
}

/**
 * Query strings as nginx decodes (`ngx.req.get_uri_args`) and encodes (`ngx.encode_args`) them for
 * `kong.request.get_query` and `kong.service.request.set_query`.
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/request.lua (get_query)
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/service/request.lua (set_query)
 */

/** Kong's default for `get_query(max)`. */
export const DEFAULT_MAX_QUERY_ARGS = 100;

/** `?a` → `true`, `?a=` → `""`, repeated → array in order. */
export type KongQueryTable = Record<string, string | true | (string | true)[]>;

function unescape(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // nginx leaves a malformed escape as it is
    return spaced;
  }
}

export function parseQuery(raw: string, max: number = DEFAULT_MAX_QUERY_ARGS): KongQueryTable {
  const table: KongQueryTable = {};
  let count = 0;
  for (const part of raw.split('&')) {
    if (part === '' || count >= max) continue;
    count++;
    const eq = part.indexOf('=');
    const name = unescape(eq < 0 ? part : part.slice(0, eq));
    if (name === '') continue;
    const value: string | true = eq < 0 ? true : unescape(part.slice(eq + 1));
    const existing = table[name];
    if (existing === undefined) table[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else table[name] = [existing, value];
  }
  return table;
}

type QueryScalar = string | number | boolean;

function isScalar(value: unknown): value is QueryScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function encodePair(name: string, value: QueryScalar): string | undefined {
  if (value === true) return encodeURIComponent(name);
  if (value === false) return undefined;
  return `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
}

/**
 * `kong.service.request.set_query(args)`: keys sorted (Kong orders them so the result is stable),
 * `true` → bare key, `false` → left out, arrays → the key repeated. Throws on other value types.
 */
export function encodeQuery(args: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const name of Object.keys(args).sort()) {
    const value = args[name];
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const v of values) {
      if (!isScalar(v)) throw new Error(`attempt to use ${typeof v} as query arg value`);
      const pair = encodePair(name, v);
      if (pair !== undefined) parts.push(pair);
    }
  }
  return parts.join('&');
}

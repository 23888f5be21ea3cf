/**
 * Argument checks of Kong's PDK, with its error texts (they reach the plugin as StepError).
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/private/checks.lua
 */

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} must be a string`);
  return value;
}

/** Raw bodies arrive as msgpack bin (Uint8Array) or str; both are bytes to us. */
export function requireBytes(value: unknown, what: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new Error(`${what} must be a string`);
}

/** `get_headers(max)` / `get_query(max)` limits. */
export function optionalLimit(value: unknown, what: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new Error(`${what} must be a number`);
  if (value < min) throw new Error(`${what} must be >= ${min}`);
  if (value > max) throw new Error(`${what} must be <= ${max}`);
  return value;
}

/**
 * `validate_header` + `normalize_multi_header`: a value is a string, number, boolean or an array of
 * strings; numbers and booleans become text, and an empty string becomes one space (nginx drops
 * empty header values).
 */
export function headerValues(name: unknown, value: unknown): { name: string; values: string[] } {
  if (typeof name !== 'string') throw new Error(`invalid header name "${String(name)}": got ${typeof name}, expected string`);
  const blankToSpace = (v: string): string => (v === '' ? ' ' : v);
  if (typeof value === 'string') return { name, values: [blankToSpace(value)] };
  if (typeof value === 'number' || typeof value === 'boolean') return { name, values: [String(value)] };
  if (Array.isArray(value)) {
    for (const v of value) {
      if (typeof v !== 'string') throw new Error(`invalid header value in array "${name}": got ${typeof v}, expected string`);
    }
    return { name, values: (value as string[]).map(blankToSpace) };
  }
  throw new Error(`invalid header value for "${name}": got ${value === null || value === undefined ? 'nil' : typeof value}, expected array of string, string, number or boolean`);
}

/** `validate_headers`: a table of name → value, each checked as above. */
export function headerTable(headers: unknown): { name: string; values: string[] }[] {
  if (!isTable(headers)) throw new Error('headers must be a table');
  return Object.entries(headers).map(([name, value]) => headerValues(name, value));
}

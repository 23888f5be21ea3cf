/**
 * An HTTP header list with nginx's semantics as Kong's PDK exposes them: names are matched without
 * regard to case (and `_` matches `-`, as `ngx.var.http_*` does), repeated headers keep every value
 * in order, and a table view gives lower-case names with a string for one value and an array for many.
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/request.lua (get_header, get_headers)
 */

/** Kong's default and maximum for `get_headers(max)`. */
export const DEFAULT_MAX_HEADERS = 100;
export const MAX_HEADERS_LIMIT = 1000;

/** The Lua-side shape of `ngx.req.get_headers()`: one value → string, repeated → array. */
export type KongHeaderTable = Record<string, string | string[]>;

interface Entry {
  name: string;
  values: string[];
}

/** Kong's header lookup key: lower case, `_` read as `-`. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

export class HeaderMap {
  private readonly entries = new Map<string, Entry>();

  /** From Node's `rawHeaders` ([name, value, name, value, …]), keeping repeats and order. */
  static fromRaw(raw: readonly string[]): HeaderMap {
    const map = new HeaderMap();
    for (let i = 0; i + 1 < raw.length; i += 2) map.add(raw[i]!, raw[i + 1]!);
    return map;
  }

  /** From a `{name: value | values}` record (undici's response headers, a plugin's table). */
  static fromRecord(record: Record<string, string | string[] | undefined>): HeaderMap {
    const map = new HeaderMap();
    for (const [name, value] of Object.entries(record)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) map.add(name, v);
    }
    return map;
  }

  clone(): HeaderMap {
    const copy = new HeaderMap();
    for (const [key, entry] of this.entries) copy.entries.set(key, { name: entry.name, values: [...entry.values] });
    return copy;
  }

  has(name: string): boolean {
    return this.entries.has(headerKey(name));
  }

  /** The first value, as `kong.request.get_header` returns it. */
  get(name: string): string | undefined {
    return this.entries.get(headerKey(name))?.values[0];
  }

  getAll(name: string): string[] {
    return [...(this.entries.get(headerKey(name))?.values ?? [])];
  }

  set(name: string, value: string | readonly string[]): void {
    const values = typeof value === 'string' ? [value] : [...value];
    const key = headerKey(name);
    if (values.length === 0) this.entries.delete(key);
    else this.entries.set(key, { name, values });
  }

  add(name: string, value: string): void {
    const key = headerKey(name);
    const entry = this.entries.get(key);
    if (entry) entry.values.push(value);
    else this.entries.set(key, { name, values: [value] });
  }

  delete(name: string): void {
    this.entries.delete(headerKey(name));
  }

  get size(): number {
    return this.entries.size;
  }

  /** `ngx.req.get_headers(max)`: lower-case names, the first `max` headers only (Kong's default 100). */
  toKongTable(max: number = DEFAULT_MAX_HEADERS): KongHeaderTable {
    const table: KongHeaderTable = {};
    let count = 0;
    for (const [key, entry] of this.entries) {
      if (count >= max) break;
      const taken = entry.values.slice(0, max - count);
      count += taken.length;
      table[key] = taken.length === 1 ? taken[0]! : taken;
    }
    return table;
  }

  /** Name/values pairs as they go on the wire (names as last set). */
  toPairs(): [string, string[]][] {
    return [...this.entries.values()].map((e) => [e.name, [...e.values]]);
  }

  /** A record for undici / `res.writeHead` (arrays for repeated headers). */
  toRecord(): Record<string, string | string[]> {
    const record: Record<string, string | string[]> = {};
    for (const entry of this.entries.values()) record[entry.name] = entry.values.length === 1 ? entry.values[0]! : [...entry.values];
    return record;
  }
}

/**
 * `kong.log.set_serialize_value(key, value, {mode})` recorded in order, and applied to the log
 * entry the way Kong's `serialize()` does: dots in the key walk (and create) nested objects, `\.`
 * is a literal dot, mode `set` always writes, `add` only when absent, `replace` only when present,
 * and `null` deletes.
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/log.lua (set_serialize_value, edit_result)
 */

export type SerializeMode = 'set' | 'add' | 'replace';

export interface SerializeValue {
  key: string;
  value: unknown;
  mode: SerializeMode;
}

export type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the arguments as Kong does at call time; the value itself is checked when applied. */
export function serializeValueFromArgs(args: unknown[]): SerializeValue {
  const [key, value, options] = args;
  if (typeof key !== 'string') throw new Error('key must be a string');
  const mode = isObject(options) && options.mode !== undefined && options.mode !== null ? options.mode : 'set';
  if (mode !== 'set' && mode !== 'add' && mode !== 'replace') throw new Error("mode must be 'set', 'add' or 'replace'");
  return { key, value: value ?? null, mode };
}

/** Splits at dots not preceded by a backslash, turning `\.` into `.` in each part. */
export function splitSerializeKey(key: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i < key.length; i++) {
    if (key[i] === '.' && key[i - 1] !== '\\') {
      parts.push(key.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(key.slice(start));
  return parts.map((p) => p.replace(/\\\./g, '.'));
}

function isSerializable(value: unknown, seen: Set<unknown> = new Set()): boolean {
  if (value === null || value === undefined) return true;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object': {
      if (seen.has(value)) return false;
      seen.add(value);
      const children = Array.isArray(value) ? value : Object.values(value as JsonObject);
      return children.every((child) => isSerializable(child, seen));
    }
    default:
      return false;
  }
}

/** Applies the recorded values to `root` (mutated and returned). Throws Kong's errors on bad input. */
export function applySerializeValues(root: JsonObject, values: readonly SerializeValue[]): JsonObject {
  for (const { key, value, mode } of values) {
    if (!isSerializable(value)) {
      throw new Error('value must be nil, a number, string, boolean or a non-self-referencial table containing numbers, string and booleans');
    }
    const parts = splitSerializeKey(key);
    const last = parts.pop()!;
    let node: JsonObject | undefined = root;
    for (const part of parts) {
      const next: unknown = node[part];
      if (next === undefined || next === null) {
        if (mode === 'replace') {
          node = undefined; // a missing link: nothing to replace
          break;
        }
        const created: JsonObject = {};
        node[part] = created;
        node = created;
      } else if (isObject(next)) {
        node = next;
      } else {
        throw new Error(`The key '${key}' could not be used as a serialize value. Subkey '${part}' is not a table. It's ${String(next)}`);
      }
    }
    if (node === undefined) continue;
    const exists = node[last] !== undefined && node[last] !== null;
    if (mode === 'set' || (mode === 'add' && !exists) || (mode === 'replace' && exists)) {
      if (value === null) delete node[last];
      else node[last] = value;
    }
  }
  return root;
}

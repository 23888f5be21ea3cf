/**
 * Seeded generators of hostile JSON: junk values of every type, deep nesting, huge and odd
 * unicode strings, `__proto__` / `constructor` keys, and mutations of valid OpenAI bodies that put
 * junk at a known field's path.
 */
import type { Json } from '../../../src/llm/types';

export type Rng = () => number;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

const ODD_STRINGS = [
  '',
  ' ',
  'x',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '🦙🦙\u200d🦙',
  'مرحبا \u202e olleh',
  '{"not":"parsed"}',
  '[DONE]',
  'data: [DONE]\n\n',
  '</s>[INST]',
  'image/png;base64,',
  'data:image/png;base64,@@@',
  'data:;base64,',
  'http://',
  '__proto__',
  'constructor',
  'toString',
  'auto',
  'none',
  'required',
  'function',
  'tool',
  'user',
  'assistant',
  'system',
] as const;

const ODD_NUMBERS = [0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 4294967296, 1.7976931348623157e308] as const;

/** A JSON value nested `depth` levels deep in arrays or objects. */
function deep(rng: Rng, depth: number): Json {
  let value: Json = pick(rng, [null, 'leaf', 1]);
  for (let i = 0; i < depth; i++) value = rng() < 0.5 ? [value] : { k: value };
  return value;
}

/** One hostile JSON value; `budget` bounds recursion so values stay small except on purpose. */
export function junk(rng: Rng, budget = 3): Json {
  const kind = Math.floor(rng() * 16);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng() < 0.5;
    case 2:
      return pick(rng, ODD_NUMBERS);
    case 3:
    case 4:
      return pick(rng, ODD_STRINGS);
    case 5:
      return 'A'.repeat(1 + Math.floor(rng() * 200_000));
    case 6:
      return [];
    case 7:
      return {};
    case 8:
      return deep(rng, 50 + Math.floor(rng() * 2000));
    case 9:
      return budget > 0 ? Array.from({ length: 1 + Math.floor(rng() * 4) }, () => junk(rng, budget - 1)) : [];
    case 10:
      return budget > 0 ? Object.fromEntries(Array.from({ length: 1 + Math.floor(rng() * 4) }, (_, i) => [pick(rng, ['type', 'text', 'role', 'content', 'name', 'function', 'arguments', 'url', `k${i}`]), junk(rng, budget - 1)])) : {};
    case 11:
      // An own `__proto__` key, as JSON.parse makes one.
      return JSON.parse(`{"__proto__":${JSON.stringify(budget > 0 ? junk(rng, budget - 1) : null)},"constructor":{"prototype":{"polluted":true}}}`) as Json;
    case 12:
      return { type: pick(rng, ['text', 'image_url', 'input_audio', 'file', '', 'function']), text: budget > 0 ? junk(rng, budget - 1) : 1, image_url: budget > 0 ? junk(rng, budget - 1) : 2 };
    case 13:
      return { type: 'image_url', image_url: pick<Json>(rng, [{ url: pick(rng, ODD_STRINGS) }, { url: 5 }, { url: null, detail: [] }, 'data:image/png;base64,AAAA', { detail: 'high' }, [], { url: { url: 'x' } }]) };
    case 14:
      return { id: junk(rng, 0), type: pick(rng, ['function', 'x', 7]), function: pick<Json>(rng, [null, {}, { name: 'f', arguments: junk(rng, 0) }, { name: 'f', arguments: '{"a":' }, { name: 'f', arguments: '[1,2]' }, { name: 'f', arguments: 'null' }, { name: junk(rng, 0) }, { name: 'f', parameters: junk(rng, 0) }]) };
    case 15:
      return pick(rng, ['{"a":1}', '{"a":', 'null', '[]', '"str"', '1e999']);
    default:
      throw new Error(`junk kind ${kind} out of range`);
  }
}

export type Path = readonly (string | number)[];

/** `value` with `path` set to `leaf`, creating what is missing (arrays for numeric keys). */
export function withPath(value: Json, path: Path, leaf: Json): Json {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof head === 'number') {
    const arr: Json[] = Array.isArray(value) ? [...value] : [];
    while (arr.length <= head) arr.push({});
    arr[head] = withPath(arr[head] ?? {}, rest, leaf);
    return arr;
  }
  const obj: Record<string, Json> = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
  obj[head] = withPath(obj[head] ?? {}, rest, leaf);
  return obj;
}

/** Every path in a JSON value (objects and arrays), the root excluded. */
export function pathsOf(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...prefix, i], ...pathsOf(item, [...prefix, i]));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push([...prefix, key], ...pathsOf(item, [...prefix, key]));
  }
  return out;
}

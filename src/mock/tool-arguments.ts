import { isObject, type Json, type JsonObject } from './content';
import { countWords } from './words';

/**
 * Deterministic tool-call arguments from a tool's JSON schema and the user's text: every declared
 * property gets a value, in declaration order — `const`, else the first `enum` value, else by type:
 * string → the user's text, number/integer → the text's word count, boolean → true, null → null,
 * array → one item built from `items` (none without `items`), object → built the same way.
 * A property without a type gets the text. A schema without properties gives `{}`.
 */
export function argumentsFromSchema(schema: unknown, text: string): JsonObject {
  const out: JsonObject = {};
  if (!isObject(schema) || !isObject(schema.properties)) return out;
  for (const [name, prop] of Object.entries(schema.properties)) out[name] = valueFromSchema(prop, text, 0);
  return out;
}

/** Nesting deeper than this (recursive schemas) gets `null`. */
const MAX_DEPTH = 8;

/** The schema's type in lower case (Gemini's OpenAPI subset spells them `STRING`, `OBJECT`, …). */
function firstType(type: Json | undefined): string | undefined {
  if (typeof type === 'string') return type.toLowerCase();
  if (Array.isArray(type)) {
    const named = type.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase());
    return named.find((t) => t !== 'null') ?? 'null';
  }
  return undefined;
}

function valueFromSchema(schema: Json, text: string, depth: number): Json {
  if (!isObject(schema) || depth > MAX_DEPTH) return depth > MAX_DEPTH ? null : text;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] ?? null;
  const type = firstType(schema.type) ?? (isObject(schema.properties) ? 'object' : 'string');
  switch (type) {
    case 'string':
      return text;
    case 'number':
    case 'integer':
      return countWords(text);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return schema.items === undefined ? [] : [valueFromSchema(schema.items, text, depth + 1)];
    case 'object': {
      const out: JsonObject = {};
      if (isObject(schema.properties)) {
        for (const [name, prop] of Object.entries(schema.properties)) out[name] = valueFromSchema(prop, text, depth + 1);
      }
      return out;
    }
    default:
      return text;
  }
}

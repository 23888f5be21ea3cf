/** Small readers for loosely-typed JSON request bodies (the mock accepts what providers accept). */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** First of several keys present (camelCase / snake_case spellings of protobuf JSON). */
export function field(o: JsonObject, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
}

/**
 * The text of a message content: a string, or an array of parts whose `text` fields are joined
 * (OpenAI, Anthropic, Cohere v2 parts; non-text parts such as images carry no words).
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === 'string' ? p : isObject(p) && typeof p.text === 'string' ? p.text : ''))
      .filter((t) => t !== '')
      .join(' ');
  }
  return '';
}

/**
 * The text of a tool result, which providers wrap differently: a string, parts, or an object
 * such as Gemini's `{content: [...]}` / `{result: ...}` or Bedrock's `[{json: {...}}]`.
 */
export function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(resultText).filter((t) => t !== '').join(' ');
  if (isObject(value)) {
    for (const k of ['text', 'content', 'result', 'output', 'json']) {
      if (value[k] !== undefined) return resultText(value[k]);
    }
  }
  return value === undefined ? '' : JSON.stringify(value);
}

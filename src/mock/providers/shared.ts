import { isObject, str, type JsonObject } from '../content';
import type { MockRequest, Reply } from '../types';

/** The request body as an object, or undefined (callers answer 400 in their provider's shape). */
export function bodyObject(req: MockRequest): JsonObject | undefined {
  return isObject(req.body) ? req.body : undefined;
}

/** The model a request names, else the fallback (a path parameter or a provider default). */
export function modelName(body: JsonObject, fallback: string): string {
  return str(body.model) ?? fallback;
}

/** `stop` / `stop_sequences` / `stopSequences`: a string or strings. */
export function stopList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string');
  return undefined;
}

/** A non-negative integer limit (max_tokens and its kin), else undefined. */
export function tokenLimit(...values: unknown[]): number | undefined {
  for (const v of values) if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  return undefined;
}

/** A provider's error reply for a status (its own body shape), as handlers receive it. */
export type ErrorReply = (status: number, message?: string) => Reply;

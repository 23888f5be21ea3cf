import { badRequest } from '../../errors';
import { isRecord } from './wire';

/**
 * OpenAI `tool_choice` → Cohere's (v1 and v2): `required` / `none` are `REQUIRED` / `NONE`, `auto`
 * is the default (nothing sent). Cohere cannot name one tool, so a named function is `REQUIRED`
 * with only that tool offered. `tools` are the request's tools already in the target's shape.
 * @see https://docs.cohere.com/reference/chat#request.body.tool_choice
 */
export function applyCohereToolChoice<T>(
  choice: unknown,
  tools: T[] | undefined,
  nameOf: (tool: T) => string,
): { tools?: T[]; tool_choice?: 'REQUIRED' | 'NONE' } {
  const out: { tools?: T[]; tool_choice?: 'REQUIRED' | 'NONE' } = {};
  if (tools !== undefined) out.tools = tools;
  if (choice === undefined || choice === null || choice === 'auto') return out;
  if (choice === 'required') return { ...out, tool_choice: 'REQUIRED' };
  if (choice === 'none') return { ...out, tool_choice: 'NONE' };
  const name = isRecord(choice) && isRecord(choice.function) ? choice.function.name : undefined;
  if (typeof name !== 'string') throw badRequest("invalid tool_choice, expected 'required', 'none', 'auto' or a function");
  const named = (tools ?? []).filter((t) => nameOf(t) === name);
  if (named.length === 0) throw badRequest(`tool_choice names the function '${name}', which is not in 'tools'`);
  return { tools: named, tool_choice: 'REQUIRED' };
}

import { badRequest } from '../../errors';
import { isRecord } from './wire';

/** An OpenAI tool checked to be a function tool with a name; `where` locates it for later errors. */
export interface FunctionTool {
  name: string;
  fn: Record<string, unknown>;
  where: string;
}

/**
 * Both chat versions take function tools only, each with a name; the rest of `function` (its
 * parameters) each version reads in its own way.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools
 */
export function readFunctionTool(tool: unknown, where: string): FunctionTool {
  if (!isRecord(tool) || tool.type !== 'function') throw badRequest(`${where}.type must be 'function'`);
  const fn = tool.function;
  if (!isRecord(fn) || typeof fn.name !== 'string') throw badRequest(`${where}.function.name must be a string`);
  return { name: fn.name, fn, where };
}

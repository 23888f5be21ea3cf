import { badRequest } from '../../errors';
import type { GeminiFunctionDeclaration, GeminiToolConfig } from './wire';
import { isRecord } from './wire';

export interface GeminiTools {
  tools?: { functionDeclarations: GeminiFunctionDeclaration[] }[];
  toolConfig?: GeminiToolConfig;
}

/**
 * OpenAI `tools` and `tool_choice` → Gemini's one `functionDeclarations` tool and
 * `toolConfig.functionCallingConfig`.
 * @see https://ai.google.dev/api/caching#Tool
 * @see https://ai.google.dev/api/caching#FunctionCallingConfig
 * @see kong/llm/drivers/gemini.lua to_tools
 */
export function prepareGeminiTools(tools: unknown, toolChoice: unknown): GeminiTools {
  const out: GeminiTools = {};
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) throw badRequest("'tools' must be an array");
    const declarations = tools.map((tool: unknown, i) => declaration(tool, `tools[${i}]`));
    if (declarations.length > 0) out.tools = [{ functionDeclarations: declarations }];
  }
  if (toolChoice !== undefined && toolChoice !== null) out.toolConfig = { functionCallingConfig: callingConfig(toolChoice) };
  return out;
}

function declaration(tool: unknown, where: string): GeminiFunctionDeclaration {
  if (!isRecord(tool)) throw badRequest(`${where} must be an object`);
  if (tool.type !== 'function') throw badRequest(`${where}.type '${String(tool.type)}' is not supported by gemini (only 'function')`);
  const fn = tool.function;
  if (!isRecord(fn) || typeof fn.name !== 'string') throw badRequest(`${where}.function.name must be a string`);
  if (fn.parameters !== undefined && fn.parameters !== null && !isRecord(fn.parameters)) {
    throw badRequest(`${where}.function.parameters must be an object`);
  }
  const out: GeminiFunctionDeclaration = { name: fn.name };
  if (typeof fn.description === 'string') out.description = fn.description;
  // A function without parameters is declared without them: Gemini rejects an object schema with no properties.
  if (isRecord(fn.parameters)) out.parameters = fn.parameters;
  return out;
}

/** @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice */
function callingConfig(choice: unknown): GeminiToolConfig['functionCallingConfig'] {
  if (typeof choice === 'string') {
    switch (choice) {
      case 'auto':
        return { mode: 'AUTO' };
      case 'required':
        return { mode: 'ANY' };
      case 'none':
        return { mode: 'NONE' };
      default:
        throw badRequest(`invalid tool_choice '${choice}', expected 'required', 'none', 'auto' or a function`);
    }
  }
  if (isRecord(choice) && choice.type === 'function' && isRecord(choice.function) && typeof choice.function.name === 'string') {
    return { mode: 'ANY', allowedFunctionNames: [choice.function.name] };
  }
  throw badRequest("invalid tool_choice, expected 'required', 'none', 'auto' or {\"type\":\"function\",\"function\":{\"name\":...}}");
}

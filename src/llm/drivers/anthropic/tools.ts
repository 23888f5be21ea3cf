import { badRequest } from '../../errors';
import type { AnthropicTool, AnthropicToolChoice } from './wire';
import { isRecord } from './wire';

export interface AnthropicTools {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

/** Anthropic requires an input schema; a function without parameters takes an empty object. */
const EMPTY_SCHEMA: Record<string, unknown> = { type: 'object', properties: {} };

/**
 * OpenAI `tools`, `tool_choice` and `parallel_tool_calls` → Anthropic's `tools` and `tool_choice`.
 * @see https://docs.anthropic.com/en/api/messages#body-tools
 * @see https://docs.anthropic.com/en/api/messages#body-tool-choice
 * @see kong/llm/drivers/anthropic.lua to_tools, to_tool_choice
 */
export function prepareAnthropicTools(tools: unknown, toolChoice: unknown, parallelToolCalls: unknown): AnthropicTools {
  const out: AnthropicTools = {};
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) throw badRequest("'tools' must be an array");
    out.tools = tools.map((tool: unknown, i) => convertTool(tool, `tools[${i}]`));
  }
  if (toolChoice !== undefined && toolChoice !== null) out.tool_choice = convertToolChoice(toolChoice);
  if (parallelToolCalls === false) {
    // Anthropic carries the switch inside tool_choice; its default choice is auto.
    const choice = out.tool_choice ?? { type: 'auto' };
    if (choice.type !== 'none') out.tool_choice = { ...choice, disable_parallel_tool_use: true };
  }
  return out;
}

function convertTool(tool: unknown, where: string): AnthropicTool {
  if (!isRecord(tool)) throw badRequest(`${where} must be an object`);
  if (tool.type !== 'function') throw badRequest(`${where}.type '${String(tool.type)}' is not supported by anthropic (only 'function')`);
  const fn = tool.function;
  if (!isRecord(fn) || typeof fn.name !== 'string') throw badRequest(`${where}.function.name must be a string`);
  if (fn.parameters !== undefined && fn.parameters !== null && !isRecord(fn.parameters)) {
    throw badRequest(`${where}.function.parameters must be an object`);
  }
  const out: AnthropicTool = { name: fn.name, input_schema: fn.parameters ?? EMPTY_SCHEMA };
  if (typeof fn.description === 'string') out.description = fn.description;
  return out;
}

/** @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice */
function convertToolChoice(choice: unknown): AnthropicToolChoice {
  if (typeof choice === 'string') {
    switch (choice) {
      case 'auto':
        return { type: 'auto' };
      case 'required':
        return { type: 'any' };
      case 'none':
        return { type: 'none' };
      default:
        throw badRequest(`invalid tool_choice '${choice}', expected 'required', 'none', 'auto' or a function`);
    }
  }
  if (isRecord(choice) && choice.type === 'function' && isRecord(choice.function) && typeof choice.function.name === 'string') {
    return { type: 'tool', name: choice.function.name };
  }
  throw badRequest("invalid tool_choice, expected 'required', 'none', 'auto' or {\"type\":\"function\",\"function\":{\"name\":...}}");
}

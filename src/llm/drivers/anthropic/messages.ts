import { badRequest } from '../../errors';
import { parseToolArguments } from '../shared/openai-builders';
import { convertUserContent, textOnlyContent } from './content';
import type { AnthropicMessage, AnthropicRequestBlock, AnthropicRole, AnthropicToolResultBlock, AnthropicToolUseBlock } from './wire';
import { isRecord } from './wire';

export interface AnthropicPrompt {
  /** System and developer messages, lifted out of the conversation (Anthropic has no system role). */
  system?: string;
  messages: AnthropicMessage[];
}

/** Several system messages become one system prompt, one paragraph each. */
const SYSTEM_SEPARATOR = '\n\n';

/**
 * OpenAI chat messages → Anthropic's `system` + `messages`:
 * - `system` / `developer` messages are lifted into `system`;
 * - assistant `tool_calls` become `tool_use` blocks (arguments parsed as JSON);
 * - `tool` messages become user `tool_result` blocks;
 * - consecutive messages of one role are merged into one message, so that consecutive tool
 *   results form the single user turn Anthropic expects after a multi-tool assistant turn;
 * - messages left without content are dropped (Anthropic rejects empty content).
 * @see https://docs.anthropic.com/en/api/messages#body-messages
 * @see https://docs.anthropic.com/en/docs/build-with-claude/tool-use#handling-tool-use-and-tool-result-content-blocks
 * @see kong/llm/drivers/anthropic.lua kong_messages_to_claude_messages
 */
export function convertToAnthropicMessages(messages: unknown): AnthropicPrompt {
  if (messages === undefined || messages === null) throw badRequest('request is missing .messages command');
  if (!Array.isArray(messages)) throw badRequest("'messages' must be an array");
  const system: string[] = [];
  const out: AnthropicMessage[] = [];
  messages.forEach((raw: unknown, i) => {
    const where = `messages[${i}]`;
    if (!isRecord(raw) || typeof raw.role !== 'string') throw badRequest(`${where} must be an object with a 'role'`);
    switch (raw.role) {
      case 'system':
      case 'developer':
        system.push(textOnlyContent(raw.content, where));
        break;
      case 'user':
        append(out, 'user', convertUserContent(raw.content, where));
        break;
      case 'assistant':
        append(out, 'assistant', assistantBlocks(raw, where));
        break;
      case 'tool':
        append(out, 'user', [toolResult(raw, where)]);
        break;
      default:
        throw badRequest(`${where}.role '${raw.role}' is not supported by anthropic (use system, developer, user, assistant or tool)`);
    }
  });
  const prompt: AnthropicPrompt = { messages: out };
  const joined = system.filter((s) => s !== '').join(SYSTEM_SEPARATOR);
  if (joined !== '') prompt.system = joined;
  return prompt;
}

function append(out: AnthropicMessage[], role: AnthropicRole, blocks: AnthropicRequestBlock[]): void {
  if (blocks.length === 0) return;
  const last = out[out.length - 1];
  if (last && last.role === role) last.content.push(...blocks);
  else out.push({ role, content: blocks });
}

function assistantBlocks(msg: Record<string, unknown>, where: string): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [];
  const text = textOnlyContent(msg.content, where);
  if (text !== '') blocks.push({ type: 'text', text });
  const calls = msg.tool_calls;
  if (calls === undefined || calls === null) return blocks;
  if (!Array.isArray(calls)) throw badRequest(`${where}.tool_calls must be an array`);
  calls.forEach((call: unknown, j) => blocks.push(toolUse(call, `${where}.tool_calls[${j}]`)));
  return blocks;
}

function toolUse(call: unknown, where: string): AnthropicToolUseBlock {
  if (!isRecord(call) || typeof call.id !== 'string') throw badRequest(`${where}.id must be a string`);
  const fn = call.function;
  if (!isRecord(fn) || typeof fn.name !== 'string') throw badRequest(`${where}.function.name must be a string`);
  if (fn.arguments !== undefined && typeof fn.arguments !== 'string') throw badRequest(`${where}.function.arguments must be a string`);
  return { type: 'tool_use', id: call.id, name: fn.name, input: parseToolArguments(fn.arguments) };
}

function toolResult(msg: Record<string, unknown>, where: string): AnthropicToolResultBlock {
  if (typeof msg.tool_call_id !== 'string') throw badRequest(`${where}.tool_call_id must be a string`);
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: msg.tool_call_id };
  const text = textOnlyContent(msg.content, where);
  // An empty result is sent without content: Anthropic rejects empty text.
  if (text !== '') block.content = text;
  return block;
}

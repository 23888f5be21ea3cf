import { badRequest } from '../../errors';
import type { BedrockContentBlock, BedrockMessage } from './wire';
import { isRecord } from './wire';

/** `data:image/png;base64,…` → a Converse image block; Converse takes bytes only, not URLs. */
function imageBlock(imageUrl: unknown, at: string): BedrockContentBlock {
  const url = isRecord(imageUrl) ? imageUrl.url : imageUrl;
  if (typeof url !== 'string') throw badRequest(`${at}.image_url.url must be a string`);
  const match = /^data:image\/(png|jpeg|jpg|gif|webp);base64,([A-Za-z0-9+/=]+)$/.exec(url);
  if (!match) throw badRequest(`${at}: bedrock takes images as base64 data URLs (png, jpeg, gif, webp)`);
  const format = match[1] === 'jpg' ? 'jpeg' : (match[1] as string);
  return { image: { format, source: { bytes: match[2] as string } } };
}

function userBlocks(content: unknown, at: string): BedrockContentBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  if (!Array.isArray(content)) throw badRequest(`${at}.content must be a string or an array of content parts`);
  return content.map((part: unknown, i): BedrockContentBlock => {
    const where = `${at}.content[${i}]`;
    if (!isRecord(part)) throw badRequest(`${where} must be an object with a 'type'`);
    switch (part.type) {
      case 'text':
        if (typeof part.text !== 'string') throw badRequest(`${where}.text must be a string`);
        return { text: part.text };
      case 'image_url':
        return imageBlock(part.image_url, where);
      default:
        throw badRequest(`${where}: content part type '${String(part.type)}' is not supported by bedrock`);
    }
  });
}

function textOf(content: unknown, at: string): string {
  return userBlocks(content, at)
    .map((b) => {
      if (!('text' in b)) throw badRequest(`${at}: only text is allowed here`);
      return b.text;
    })
    .join('');
}

/** The tool's answer: JSON objects/arrays as `json`, anything else wrapped as Kong does (`{result}`). */
function toolResultContent(text: string): { json: unknown } {
  try {
    const parsed: unknown = JSON.parse(text);
    return { json: typeof parsed === 'object' && parsed !== null ? parsed : { result: parsed } };
  } catch {
    return { json: { result: text } };
  }
}

function toolUseBlocks(toolCalls: unknown, at: string): BedrockContentBlock[] {
  if (!Array.isArray(toolCalls)) throw badRequest(`${at}.tool_calls must be an array`);
  return toolCalls.map((call: unknown, i): BedrockContentBlock => {
    const where = `${at}.tool_calls[${i}]`;
    const fn = isRecord(call) ? call.function : undefined;
    if (!isRecord(call) || typeof call.id !== 'string' || !isRecord(fn) || typeof fn.name !== 'string') {
      throw badRequest(`${where} must have an id and a function name`);
    }
    let input: unknown = {};
    if (typeof fn.arguments === 'string' && fn.arguments !== '') {
      try {
        input = JSON.parse(fn.arguments);
      } catch {
        throw badRequest(`${where}: failed to decode function response arguments from assistant's message, not JSON format`);
      }
    }
    return { toolUse: { toolUseId: call.id, name: fn.name, input: isRecord(input) ? input : {} } };
  });
}

/** Converse wants alternating turns: consecutive messages of one role become one message. */
function push(out: BedrockMessage[], role: BedrockMessage['role'], content: BedrockContentBlock[]): void {
  if (content.length === 0) return;
  const last = out[out.length - 1];
  if (last && last.role === role) last.content.push(...content);
  else out.push({ role, content });
}

/**
 * OpenAI messages → Converse `system` and `messages`: system/developer text becomes `system`
 * blocks, tool answers become user `toolResult` blocks, assistant tool calls `toolUse` blocks.
 * @see kong/llm/drivers/bedrock.lua to_bedrock_chat_openai
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
 */
export function toBedrockMessages(messages: unknown): { system: { text: string }[]; messages: BedrockMessage[] } {
  if (!Array.isArray(messages)) throw badRequest("'messages' must be an array");
  const system: { text: string }[] = [];
  const out: BedrockMessage[] = [];
  messages.forEach((m: unknown, i) => {
    const at = `messages[${i}]`;
    if (!isRecord(m)) throw badRequest(`${at} must be an object`);
    switch (m.role) {
      case 'system':
      case 'developer': {
        const text = textOf(m.content, at);
        if (text !== '') system.push({ text });
        break;
      }
      case 'user':
        push(out, 'user', userBlocks(m.content, at));
        break;
      case 'assistant': {
        const text = m.content === null || m.content === undefined ? '' : textOf(m.content, at);
        const blocks: BedrockContentBlock[] = text === '' ? [] : [{ text }];
        if (m.tool_calls !== undefined && m.tool_calls !== null) blocks.push(...toolUseBlocks(m.tool_calls, at));
        push(out, 'assistant', blocks);
        break;
      }
      case 'tool':
        if (typeof m.tool_call_id !== 'string') throw badRequest(`${at}.tool_call_id must be a string`);
        push(out, 'user', [{ toolResult: { toolUseId: m.tool_call_id, content: [toolResultContent(textOf(m.content, at))] } }]);
        break;
      default:
        throw badRequest(`${at}.role '${String(m.role)}' is not supported by bedrock`);
    }
  });
  return { system, messages: out };
}

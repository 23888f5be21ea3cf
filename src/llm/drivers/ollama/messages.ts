import { badRequest } from '../../errors';
import type { ChatContentPart, ChatMessage, ToolCall } from '../../types';
import { contentText, parseToolArguments } from '../shared/openai-builders';
import type { OllamaMessage, OllamaToolCall } from './types';

/**
 * OpenAI chat messages → Ollama /api/chat messages. Ollama takes `content` as a string, images as
 * bare base64 in `images`, tool-call `arguments` as objects, and names a tool result's tool in
 * `tool_name` (OpenAI names it only through `tool_call_id`, so it is looked up from earlier calls).
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function toOllamaMessages(messages: readonly ChatMessage[]): OllamaMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((message, i) => {
    const converted = toOllamaMessage(message, toolNames, i);
    for (const call of message.tool_calls ?? []) toolNames.set(call.id, call.function.name);
    return converted;
  });
}

function toOllamaMessage(message: ChatMessage, toolNames: ReadonlyMap<string, string>, i: number): OllamaMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: contentText(message.content) };
    case 'user':
      return userMessage(message.content, i);
    case 'assistant': {
      const out: OllamaMessage = { role: 'assistant', content: contentText(message.content) };
      if (message.tool_calls && message.tool_calls.length > 0) out.tool_calls = message.tool_calls.map(toOllamaToolCall);
      return out;
    }
    case 'tool': {
      const out: OllamaMessage = { role: 'tool', content: contentText(message.content) };
      const name = message.tool_call_id === undefined ? undefined : toolNames.get(message.tool_call_id);
      if (name !== undefined) out.tool_name = name;
      return out;
    }
    case 'function': {
      // The deprecated OpenAI function-result role: a tool result named by `name`.
      const out: OllamaMessage = { role: 'tool', content: contentText(message.content) };
      if (typeof message.name === 'string') out.tool_name = message.name;
      return out;
    }
    default:
      throw badRequest(`messages[${i}]: unsupported role '${String((message as { role: unknown }).role)}'`);
  }
}

function userMessage(content: ChatMessage['content'], i: number): OllamaMessage {
  if (!Array.isArray(content)) return { role: 'user', content: contentText(content) };
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'text':
        texts.push(typeof part.text === 'string' ? part.text : '');
        break;
      case 'image_url':
        images.push(base64Image(part, i));
        break;
      default:
        throw badRequest(`messages[${i}]: content part type '${part.type}' is not supported by the ollama format`);
    }
  }
  const out: OllamaMessage = { role: 'user', content: texts.join('') };
  if (images.length > 0) out.images = images;
  return out;
}

const DATA_URL = /^data:[^;,]*;base64,(.*)$/s;

/** Ollama cannot fetch URLs: images must come inline as base64 data URLs. */
function base64Image(part: ChatContentPart, i: number): string {
  const url = typeof part.image_url === 'string' ? part.image_url : part.image_url?.url;
  const match = typeof url === 'string' ? DATA_URL.exec(url) : null;
  if (!match) throw badRequest(`messages[${i}]: the ollama format accepts images only as base64 data URLs`);
  return match[1];
}

export function toOllamaToolCall(call: ToolCall): OllamaToolCall {
  return { function: { name: call.function.name, arguments: parseToolArguments(call.function.arguments) } };
}

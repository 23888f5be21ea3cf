import { asArray, contentText, isObject, resultText, str, type JsonObject } from '../../content';
import type { Conversation, ToolChoice, ToolSpec } from '../../echo';
import { stopList, tokenLimit } from '../shared';

/**
 * An Anthropic Messages request as a `Conversation`. A user turn whose content holds `tool_result`
 * blocks is a tool result; `tool_choice` `{type: "any"}` means some tool must be called.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function messagesConversation(body: JsonObject): Conversation {
  const messages = asArray(body.messages).filter(isObject);
  const promptTexts = [contentText(body.system), ...messages.map(messageText)];
  const last = messages[messages.length - 1];
  return {
    promptTexts,
    last: last ? lastTurn(last) : { from: 'other', text: '' },
    tools: asArray(body.tools)
      .filter(isObject)
      .flatMap((t): ToolSpec[] => {
        const name = str(t.name);
        return name === undefined ? [] : [{ name, schema: t.input_schema }];
      }),
    toolChoice: toolChoice(body.tool_choice),
    maxTokens: tokenLimit(body.max_tokens),
    stop: stopList(body.stop_sequences),
  };
}

function toolResults(content: unknown): JsonObject[] {
  return asArray(content).filter((b): b is JsonObject => isObject(b) && b.type === 'tool_result');
}

function messageText(message: JsonObject): string {
  const results = toolResults(message.content);
  return results.length > 0 ? results.map((r) => resultText(r.content)).join(' ') : contentText(message.content);
}

function lastTurn(message: JsonObject): Conversation['last'] {
  if (message.role !== 'user') return { from: 'other', text: contentText(message.content) };
  const results = toolResults(message.content);
  return results.length > 0 ? { from: 'tool', text: messageText(message) } : { from: 'user', text: contentText(message.content) };
}

function toolChoice(value: unknown): ToolChoice | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool': {
      const name = str(value.name);
      return name === undefined ? undefined : { name };
    }
    default:
      return undefined;
  }
}

import { asArray, contentText, isObject, str, type JsonObject } from '../../content';
import type { Conversation, ToolChoice, ToolSpec } from '../../echo';
import { stopList, tokenLimit } from '../shared';

/**
 * An OpenAI-format chat request (also Azure's, Mistral's, Hugging Face's messages API) as a
 * `Conversation`. `tools` or the legacy `functions` list the callable tools.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function chatConversation(body: JsonObject): Conversation {
  const messages = asArray(body.messages).filter(isObject);
  const promptTexts = messages.map((m) => contentText(m.content));
  const lastMessage = messages[messages.length - 1];
  const role = lastMessage ? str(lastMessage.role) : undefined;
  const from = role === 'user' ? 'user' : role === 'tool' || role === 'function' ? 'tool' : 'other';
  return {
    promptTexts,
    last: { from, text: lastMessage ? contentText(lastMessage.content) : '' },
    tools: chatTools(body),
    toolChoice: chatToolChoice(body.tool_choice ?? body.function_call),
    maxTokens: tokenLimit(body.max_completion_tokens, body.max_tokens),
    stop: stopList(body.stop),
  };
}

function chatTools(body: JsonObject): ToolSpec[] {
  const tools: ToolSpec[] = [];
  for (const t of asArray(body.tools)) {
    const fn = isObject(t) && isObject(t.function) ? t.function : undefined;
    const name = fn ? str(fn.name) : undefined;
    if (fn && name !== undefined) tools.push({ name, schema: fn.parameters });
  }
  for (const f of asArray(body.functions)) {
    const name = isObject(f) ? str(f.name) : undefined;
    if (isObject(f) && name !== undefined) tools.push({ name, schema: f.parameters });
  }
  return tools;
}

/** `"none" | "auto" | "required"`, `{"type":"function","function":{"name"}}`, or legacy `{"name"}`. */
function chatToolChoice(value: unknown): ToolChoice | undefined {
  if (value === 'none' || value === 'auto' || value === 'required') return value;
  if (value === 'any') return 'required'; // Mistral's spelling
  if (isObject(value)) {
    const name = isObject(value.function) ? str(value.function.name) : str(value.name);
    if (name !== undefined) return { name };
  }
  return undefined;
}

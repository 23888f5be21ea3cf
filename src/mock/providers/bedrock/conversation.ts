import { asArray, isObject, resultText, str, type JsonObject } from '../../content';
import type { Conversation, ToolChoice, ToolSpec } from '../../echo';
import { stopList, tokenLimit } from '../shared';

/**
 * A Converse request as a `Conversation`. A user turn of `toolResult` blocks is a tool result.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_RequestSyntax
 */
export function converseConversation(body: JsonObject): Conversation {
  const messages = asArray(body.messages).filter(isObject);
  const system = asArray(body.system).map((b) => (isObject(b) ? str(b.text) ?? '' : ''));
  const last = messages[messages.length - 1];
  const inference = isObject(body.inferenceConfig) ? body.inferenceConfig : {};
  const toolConfig = isObject(body.toolConfig) ? body.toolConfig : {};
  return {
    promptTexts: [...system, ...messages.map((m) => blocksText(m.content))],
    last: last ? lastTurn(last) : { from: 'other', text: '' },
    tools: asArray(toolConfig.tools)
      .map((t) => (isObject(t) && isObject(t.toolSpec) ? t.toolSpec : undefined))
      .flatMap((spec): ToolSpec[] => {
        const name = spec ? str(spec.name) : undefined;
        return spec && name !== undefined ? [{ name, schema: isObject(spec.inputSchema) ? spec.inputSchema.json : undefined }] : [];
      }),
    toolChoice: toolChoice(toolConfig.toolChoice),
    maxTokens: tokenLimit(inference.maxTokens),
    stop: stopList(inference.stopSequences),
  };
}

function toolResults(content: unknown): JsonObject[] {
  return asArray(content).flatMap((b) => (isObject(b) && isObject(b.toolResult) ? [b.toolResult] : []));
}

function blocksText(content: unknown): string {
  const texts = asArray(content).map((b) => (isObject(b) && typeof b.text === 'string' ? b.text : ''));
  const results = toolResults(content).map((r) => resultText(r.content));
  return [...texts, ...results].filter((t) => t !== '').join(' ');
}

function lastTurn(message: JsonObject): Conversation['last'] {
  if (message.role !== 'user') return { from: 'other', text: blocksText(message.content) };
  return { from: toolResults(message.content).length > 0 ? 'tool' : 'user', text: blocksText(message.content) };
}

/** `{auto:{}}`, `{any:{}}` or `{tool:{name}}`. @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolChoice.html */
function toolChoice(value: unknown): ToolChoice | undefined {
  if (!isObject(value)) return undefined;
  if (isObject(value.tool)) {
    const name = str(value.tool.name);
    return name === undefined ? undefined : { name };
  }
  if (value.any !== undefined) return 'required';
  if (value.auto !== undefined) return 'auto';
  return undefined;
}

import { asArray, field, isObject, resultText, str, type JsonObject } from '../../content';
import type { Conversation, ToolChoice, ToolSpec } from '../../echo';
import { stopList, tokenLimit } from '../shared';

/**
 * A `generateContent` request as a `Conversation`. Protobuf JSON accepts camelCase and snake_case
 * field names, so both are read. A user turn of `functionResponse` parts is a tool result.
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function geminiConversation(body: JsonObject): Conversation {
  const contents = asArray(body.contents).filter(isObject);
  const system = field(body, 'systemInstruction', 'system_instruction');
  const promptTexts = [isObject(system) ? partsText(system.parts) : '', ...contents.map((c) => partsText(c.parts))];
  const last = contents[contents.length - 1];
  const generation = field(body, 'generationConfig', 'generation_config');
  const config = isObject(generation) ? generation : {};
  return {
    promptTexts,
    last: last ? lastTurn(last) : { from: 'other', text: '' },
    tools: geminiTools(body),
    toolChoice: geminiToolChoice(body),
    maxTokens: tokenLimit(field(config, 'maxOutputTokens', 'max_output_tokens')),
    stop: stopList(field(config, 'stopSequences', 'stop_sequences')),
  };
}

function functionResponses(parts: unknown): JsonObject[] {
  return asArray(parts).flatMap((p) => {
    const response = isObject(p) ? field(p, 'functionResponse', 'function_response') : undefined;
    return isObject(response) ? [response] : [];
  });
}

/** The words of a turn: text parts, and the payload of function responses. */
export function partsText(parts: unknown): string {
  const texts = asArray(parts).map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : ''));
  const results = functionResponses(parts).map((r) => resultText(r.response));
  return [...texts, ...results].filter((t) => t !== '').join(' ');
}

function lastTurn(content: JsonObject): Conversation['last'] {
  const role = str(content.role) ?? 'user';
  if (role === 'function' || functionResponses(content.parts).length > 0) return { from: 'tool', text: partsText(content.parts) };
  return { from: role === 'user' ? 'user' : 'other', text: partsText(content.parts) };
}

function geminiTools(body: JsonObject): ToolSpec[] {
  return asArray(body.tools)
    .filter(isObject)
    .flatMap((tool) => asArray(field(tool, 'functionDeclarations', 'function_declarations')))
    .filter(isObject)
    .flatMap((decl): ToolSpec[] => {
      const name = str(decl.name);
      const schema = field(decl, 'parameters', 'parametersJsonSchema', 'parameters_json_schema');
      return name === undefined ? [] : [{ name, schema }];
    });
}

/** `toolConfig.functionCallingConfig.mode`: AUTO, ANY (optionally limited by allowedFunctionNames), NONE. */
function geminiToolChoice(body: JsonObject): ToolChoice | undefined {
  const toolConfig = field(body, 'toolConfig', 'tool_config');
  const calling = isObject(toolConfig) ? field(toolConfig, 'functionCallingConfig', 'function_calling_config') : undefined;
  if (!isObject(calling)) return undefined;
  switch (calling.mode) {
    case 'NONE':
      return 'none';
    case 'ANY': {
      const allowed = str(asArray(field(calling, 'allowedFunctionNames', 'allowed_function_names'))[0]);
      return allowed === undefined ? 'required' : { name: allowed };
    }
    case 'AUTO':
      return 'auto';
    default:
      return undefined;
  }
}

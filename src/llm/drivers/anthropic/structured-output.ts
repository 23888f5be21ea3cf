import { badRequest } from '../../errors';
import type { AnthropicTool, AnthropicToolChoice } from './wire';
import { isRecord } from './wire';

/**
 * Anthropic has no JSON-schema answer mode; as Kong does, a `json_schema` response format becomes
 * one forced tool whose input schema is the wanted schema, and that tool's input is turned back
 * into the answer's text (`finish_reason` `stop`). The name is Kong's, so that answers read the
 * same through either gateway; it is reserved: a client tool of that name is a 400.
 * @see kong/llm/drivers/anthropic.lua extract_structured_content_schema
 * @see https://docs.anthropic.com/en/docs/build-with-claude/tool-use#json-mode
 */
export const STRUCTURED_OUTPUT_TOOL_NAME = 'kong_inc_to_structured_output';

export function isStructuredOutputTool(name: unknown): boolean {
  return name === STRUCTURED_OUTPUT_TOOL_NAME;
}

/**
 * The forced tool for a `json_schema` response format; undefined for `text`, `json_object`
 * (no schema to force; Kong sends nothing for it either) or no format.
 */
export function structuredOutputTool(responseFormat: unknown): { tool: AnthropicTool; tool_choice: AnthropicToolChoice } | undefined {
  if (!isRecord(responseFormat) || responseFormat.type !== 'json_schema') return undefined;
  const schema = isRecord(responseFormat.json_schema) ? responseFormat.json_schema.schema : undefined;
  if (!isRecord(schema)) throw badRequest("'response_format.json_schema.schema' must be an object");
  return {
    tool: { name: STRUCTURED_OUTPUT_TOOL_NAME, description: 'Responds with strict structured output.', input_schema: schema },
    tool_choice: { type: 'tool', name: STRUCTURED_OUTPUT_TOOL_NAME },
  };
}

import { badRequest } from '../../errors';
import { parseToolArguments } from '../shared/openai-builders';
import { readFunctionTool } from './function-tool';
import { isRecord } from './wire';

/**
 * Cohere v1's tool shapes. v1 describes parameters flatly with Python type names, and its tool
 * calls carry no ids: a call is its name and parameters.
 * @see https://docs.cohere.com/v1/docs/tool-use
 * @see https://docs.cohere.com/v1/reference/chat#request.body.tools
 */
export interface V1ParameterDefinition {
  type: string;
  description?: string;
  required: boolean;
}

export interface V1Tool {
  name: string;
  description?: string;
  parameter_definitions: Record<string, V1ParameterDefinition>;
}

export interface V1ToolCall {
  name: string;
  parameters: Record<string, unknown>;
}

export interface V1ToolResult {
  call: V1ToolCall;
  outputs: Record<string, unknown>[];
}

/**
 * A JSON-schema type as the Python type name v1 expects. Only the top level of a schema maps onto
 * `parameter_definitions`; nested objects are sent as `Dict` (their inner shape is not expressible).
 */
function pythonType(schema: unknown): string {
  const type = isRecord(schema) ? (Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type) : undefined;
  switch (type) {
    case 'integer':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'array':
      return `List[${isRecord(schema) && isRecord(schema.items) ? pythonType(schema.items) : 'Any'}]`;
    case 'object':
      return 'Dict';
    default:
      return 'str';
  }
}

/** OpenAI function tools → v1 tools. */
export function toV1Tools(tools: unknown): V1Tool[] {
  if (!Array.isArray(tools)) throw badRequest("'tools' must be an array");
  return tools.map((tool: unknown, i) => {
    const { name: toolName, fn, where } = readFunctionTool(tool, `tools[${i}]`);
    const params = fn.parameters ?? {};
    if (!isRecord(params)) throw badRequest(`${where}.function.parameters must be an object`);
    const properties = isRecord(params.properties) ? params.properties : {};
    const required = Array.isArray(params.required) ? params.required : [];
    const definitions: Record<string, V1ParameterDefinition> = {};
    for (const [name, schema] of Object.entries(properties)) {
      const definition: V1ParameterDefinition = { type: pythonType(schema), required: required.includes(name) };
      if (isRecord(schema) && typeof schema.description === 'string') definition.description = schema.description;
      definitions[name] = definition;
    }
    const out: V1Tool = { name: toolName, parameter_definitions: definitions };
    if (typeof fn.description === 'string') out.description = fn.description;
    return out;
  });
}

/** An OpenAI tool call (from an assistant message) → a v1 call, with the OpenAI id it answered to. */
export function toV1ToolCall(call: unknown, where: string): { id: string; call: V1ToolCall } {
  if (!isRecord(call) || typeof call.id !== 'string') throw badRequest(`${where}.id must be a string`);
  const fn = call.function;
  if (!isRecord(fn) || typeof fn.name !== 'string') throw badRequest(`${where}.function.name must be a string`);
  if (fn.arguments !== undefined && typeof fn.arguments !== 'string') throw badRequest(`${where}.function.arguments must be a string`);
  return { id: call.id, call: { name: fn.name, parameters: parseToolArguments(fn.arguments) } };
}

/**
 * A tool message's text → v1 `outputs` (a list of objects): a JSON object is one output, a JSON
 * list of objects is the list, anything else is `{"result": text}`.
 */
export function toV1Outputs(text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [{ result: text }];
  }
  if (isRecord(parsed)) return [parsed];
  if (Array.isArray(parsed) && parsed.length > 0 && parsed.every(isRecord)) return parsed;
  return [{ result: text }];
}

/**
 * v1 calls in an answer → OpenAI tool calls. v1 gives no ids, so each gets one made of the
 * response id and its position; the client sends it back with the tool's result, and the request
 * mapping finds the call by it in the assistant message it came with.
 */
export function fromV1ToolCalls(calls: unknown, responseId: string): { id: string; name: string; arguments: string }[] {
  if (!Array.isArray(calls)) return [];
  // A call without a name cannot be told apart from no call; it is left out.
  return calls.flatMap((call: unknown, i) =>
    isRecord(call) && typeof call.name === 'string'
      ? [{ id: `${responseId}-call-${i}`, name: call.name, arguments: JSON.stringify(isRecord(call.parameters) ? call.parameters : {}) }]
      : [],
  );
}

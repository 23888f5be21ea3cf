import { isObject, str, type Json, type JsonObject } from '../../content';
import type { ToolSpec } from '../../echo';

/**
 * A v1 tool's `parameter_definitions` (`{name: {type: "str", description, required}}`, Python-style
 * type names) as a JSON schema, so the shared argument builder can fill it.
 * @see https://docs.cohere.com/v1/docs/tool-use
 */
export function v1ToolSpec(tool: JsonObject): ToolSpec | undefined {
  const name = str(tool.name);
  if (name === undefined) return undefined;
  const properties: JsonObject = {};
  const definitions = isObject(tool.parameter_definitions) ? tool.parameter_definitions : {};
  for (const [param, def] of Object.entries(definitions)) {
    properties[param] = { type: jsonType(isObject(def) ? def.type : undefined) };
  }
  return { name, schema: { type: 'object', properties } };
}

function jsonType(pythonType: Json | undefined): string {
  const t = typeof pythonType === 'string' ? pythonType.toLowerCase() : 'str';
  if (t === 'int') return 'integer';
  if (t === 'float' || t === 'number') return 'number';
  if (t === 'bool' || t === 'boolean') return 'boolean';
  if (t.startsWith('list') || t.startsWith('array')) return 'array';
  if (t.startsWith('dict') || t === 'object') return 'object';
  return 'string';
}

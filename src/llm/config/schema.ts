/**
 * The plugin's config schema, loaded from schema/ai-proxy-js.schema.json — the one source of
 * truth: ajv validates with it, and the Kong `Schema` export and the configuration reference are
 * generated from it. This module types the subset of JSON Schema that file uses and walks it.
 */
import rawSchema from '../../../schema/ai-proxy-js.schema.json';

export type ScalarType = 'string' | 'integer' | 'number' | 'boolean';

/** A property of the schema: a scalar field or a record (`type: object` with `properties`). */
export interface FieldSchema {
  type: ScalarType | 'object';
  description: string;
  default?: unknown;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  format?: string;
  properties?: Readonly<Record<string, FieldSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean;
  'x-referenceable'?: boolean;
  'x-encrypted'?: boolean;
  'x-deprecation'?: string;
}

/** Where a cross-field rule reports, relative to `config.`, and what it says. */
export interface RuleError {
  path: string;
  message: string;
}

/** One cross-field rule: `if` the condition holds, `then` must too; otherwise report `x-error`. */
export interface CrossFieldRule {
  $comment?: string;
  if: unknown;
  then: unknown;
  'x-error': RuleError;
}

export interface ConfigSchema extends FieldSchema {
  type: 'object';
  properties: Readonly<Record<string, FieldSchema>>;
  allOf: readonly CrossFieldRule[];
}

/** The annotation keywords the schema adds to JSON Schema (ajv must be told they exist). */
export const SCHEMA_ANNOTATIONS = ['x-error', 'x-referenceable', 'x-encrypted', 'x-deprecation'] as const;

// The JSON import's inferred literal type is wider than FieldSchema in places (string vs union);
// the shape is pinned by the tests that walk it.
export const CONFIG_SCHEMA: ConfigSchema = rawSchema as unknown as ConfigSchema;

/** A field of the config with its dotted path (`model.options.azure_instance`, no `config.`). */
export interface FieldEntry {
  path: string;
  name: string;
  schema: FieldSchema;
  /** Listed in its parent record's `required`. */
  required: boolean;
  depth: number;
}

/** Every field of the config, depth first, in schema order (records before their fields). */
export function configFields(schema: ConfigSchema = CONFIG_SCHEMA): FieldEntry[] {
  const out: FieldEntry[] = [];
  const visit = (record: FieldSchema, prefix: string, depth: number): void => {
    const required = new Set(record.required ?? []);
    for (const [name, field] of Object.entries(record.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      out.push({ path, name, schema: field, required: required.has(name), depth });
      if (field.type === 'object') visit(field, path, depth + 1);
    }
  };
  visit(schema, '', 0);
  return out;
}

/** The schema of the field at a dotted path, if there is one. */
export function fieldAt(path: string, schema: ConfigSchema = CONFIG_SCHEMA): FieldSchema | undefined {
  let node: FieldSchema | undefined = schema;
  for (const segment of path.split('.')) {
    node = node?.properties?.[segment];
    if (!node) return undefined;
  }
  return node;
}

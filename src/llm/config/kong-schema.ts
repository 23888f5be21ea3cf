/**
 * The plugin's Kong `Schema`, generated from schema/ai-proxy-js.schema.json.
 *
 * kong-pdk's plugin server answers GetPluginInfo with
 * `{ name, fields: [{ config: { type: 'record', fields: plugin.getSchema() } }] }`, and Kong loads
 * that as the plugin's schema (kong/runloop/plugin_servers/process.lua). So the plugin's `Schema`
 * is exactly the `fields` array of the config record: `[{ route_type: { type: 'string', ... } }, ...]`.
 * Only Kong field types and validators appear. Cross-field rules cannot travel this way (kong-pdk
 * wraps fields only); the plugin enforces them itself with validateConfig when an instance starts.
 * @see https://github.com/Kong/kong/blob/master/kong/db/schema/init.lua
 */
import { CONFIG_SCHEMA, type FieldSchema } from './schema';

export type KongFieldType = 'string' | 'number' | 'integer' | 'boolean' | 'record';

export interface KongField {
  type: KongFieldType;
  description?: string;
  required?: boolean;
  default?: string | number | boolean;
  one_of?: string[];
  between?: [number, number];
  gt?: number;
  len_min?: number;
  referenceable?: boolean;
  encrypted?: boolean;
  fields?: KongFieldEntry[];
}

/** One entry of a Kong `fields` array: a single-key object `{ name: definition }`. */
export type KongFieldEntry = Record<string, KongField>;

function kongType(field: FieldSchema): KongFieldType {
  switch (field.type) {
    case 'object':
      return 'record';
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return field.type;
  }
}

/** JSON Schema bounds as Kong validators: both → between; exclusiveMinimum → gt; minimum of an integer → gt (min - 1). */
function bounds(field: FieldSchema, path: string): Pick<KongField, 'between' | 'gt'> {
  const { minimum, maximum, exclusiveMinimum } = field;
  if (minimum !== undefined && maximum !== undefined) return { between: [minimum, maximum] };
  if (maximum !== undefined) throw new Error(`kong schema: ${path}: a maximum alone has no Kong validator`);
  if (exclusiveMinimum !== undefined) return { gt: exclusiveMinimum };
  if (minimum !== undefined) {
    if (field.type !== 'integer') throw new Error(`kong schema: ${path}: an inclusive minimum on a non-integer has no Kong validator`);
    return { gt: minimum - 1 };
  }
  return {};
}

function kongField(field: FieldSchema, required: boolean, path: string): KongField {
  const out: KongField = { type: kongType(field), description: field.description };
  if (required) out.required = true;
  if (field.type === 'object') {
    out.fields = kongFields(field, path);
    return out;
  }
  const def = field.default;
  if (typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean') out.default = def;
  if (field.enum) out.one_of = [...field.enum];
  Object.assign(out, bounds(field, path));
  if (field.minLength !== undefined) out.len_min = field.minLength;
  if (field['x-referenceable']) out.referenceable = true;
  if (field['x-encrypted']) out.encrypted = true;
  return out;
}

function kongFields(record: FieldSchema, prefix: string): KongFieldEntry[] {
  const required = new Set(record.required ?? []);
  return Object.entries(record.properties ?? {}).map(([name, field]) => ({
    [name]: kongField(field, required.has(name), prefix ? `${prefix}.${name}` : name),
  }));
}

let cached: KongFieldEntry[] | undefined;

/**
 * The `fields` of the plugin's config record, for the plugin module's `Schema` export.
 * A fresh deep copy each call, so a caller may not alter the shared one.
 */
export function kongSchemaFields(): KongFieldEntry[] {
  cached ??= kongFields(CONFIG_SCHEMA, '');
  return structuredClone(cached);
}

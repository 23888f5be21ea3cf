/**
 * The plugin's Kong `Schema` export (kongSchemaFields) is generated from the JSON Schema: same
 * fields in the same order, only Kong field types and attributes Kong's metaschema knows, and the
 * credentials referenceable + encrypted as in Kong's ai-proxy schema.
 * @see https://github.com/Kong/kong/blob/master/kong/db/schema/metaschema.lua
 * @see https://github.com/Kong/kong/blob/master/kong/llm/schemas/init.lua (auth_schema)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kongSchemaFields, type KongField, type KongFieldEntry } from '../../../src/llm/config/kong-schema';
import { CONFIG_SCHEMA, type FieldSchema } from '../../../src/llm/config/schema';

/** Attributes of a Kong field definition that the metaschema accepts and that we use. */
const KONG_ATTRIBUTES = new Set([
  'type', 'required', 'default', 'description', 'one_of', 'between', 'gt', 'len_min', 'referenceable', 'encrypted', 'fields',
]);
const KONG_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'record']);

/** Kong 3.12 ai-proxy: auth fields that may hold a `{vault://...}` reference, and those stored encrypted. */
const REFERENCEABLE = [
  'auth.header_name', 'auth.header_value', 'auth.param_name', 'auth.param_value',
  'auth.azure_client_id', 'auth.azure_client_secret', 'auth.azure_tenant_id',
  'auth.gcp_service_account_json', 'auth.aws_access_key_id', 'auth.aws_secret_access_key',
];
const ENCRYPTED = [
  'auth.header_value', 'auth.param_value', 'auth.azure_client_secret',
  'auth.gcp_service_account_json', 'auth.aws_access_key_id', 'auth.aws_secret_access_key',
];

function entryOf(entry: KongFieldEntry): [string, KongField] {
  const keys = Object.keys(entry);
  assert.equal(keys.length, 1, `a Kong fields entry has exactly one key, got ${keys.join(', ')}`);
  return [keys[0]!, entry[keys[0]!]!];
}

/** Every Kong field with its dotted path, depth first. */
function flattenKong(fields: KongFieldEntry[], prefix = ''): [string, KongField][] {
  return fields.flatMap((entry) => {
    const [name, field] = entryOf(entry);
    const p = prefix ? `${prefix}.${name}` : name;
    return [[p, field] as [string, KongField], ...(field.fields ? flattenKong(field.fields, p) : [])];
  });
}

/** What the Kong field for a JSON Schema property must say (record sub-fields compared separately). */
function expectedKongField(field: FieldSchema, required: boolean): Omit<KongField, 'fields'> {
  const out: Omit<KongField, 'fields'> = { type: field.type === 'object' ? 'record' : field.type, description: field.description };
  if (required) out.required = true;
  if (field.type === 'object') return out;
  if (field.default !== undefined) out.default = field.default as string | number | boolean;
  if (field.enum) out.one_of = [...field.enum];
  if (field.minimum !== undefined && field.maximum !== undefined) out.between = [field.minimum, field.maximum];
  else if (field.exclusiveMinimum !== undefined) out.gt = field.exclusiveMinimum;
  else if (field.minimum !== undefined) out.gt = field.minimum - 1; // integers only (checked by the generator)
  if (field.minLength !== undefined) out.len_min = field.minLength;
  if (field['x-referenceable']) out.referenceable = true;
  if (field['x-encrypted']) out.encrypted = true;
  return out;
}

describe('kongSchemaFields', () => {
  const fields = kongSchemaFields();
  const flat = flattenKong(fields);

  it('matches the JSON schema field for field, in order', () => {
    const walk = (record: FieldSchema, kong: KongFieldEntry[], prefix: string): void => {
      const props = Object.entries(record.properties ?? {});
      assert.deepEqual(kong.map((e) => entryOf(e)[0]), props.map(([name]) => name), `fields of ${prefix || 'config'}`);
      const required = new Set(record.required ?? []);
      props.forEach(([name, field], i) => {
        const p = prefix ? `${prefix}.${name}` : name;
        const [, kongField] = entryOf(kong[i]!);
        const { fields: sub, ...attributes } = kongField;
        assert.deepEqual(attributes, expectedKongField(field, required.has(name)), p);
        if (field.type === 'object') {
          assert.ok(sub, `${p}: a record carries fields`);
          walk(field, sub, p);
        } else {
          assert.equal(sub, undefined, `${p}: only records carry fields`);
        }
      });
    };
    walk(CONFIG_SCHEMA, fields, '');
  });

  it('uses only Kong field types and attributes, with descriptions Kong accepts (10 to 500 characters)', () => {
    assert.ok(flat.length > 50);
    for (const [p, field] of flat) {
      assert.ok(KONG_TYPES.has(field.type), `${p}: type ${field.type}`);
      for (const key of Object.keys(field)) assert.ok(KONG_ATTRIBUTES.has(key), `${p}: attribute ${key} is not Kong's`);
      const length = field.description?.length ?? 0;
      assert.ok(length >= 10 && length <= 500, `${p}: description of ${length} characters`);
      if (field.between) assert.ok(field.between.length === 2 && field.between[0]! <= field.between[1]!, p);
      if (field.referenceable || field.encrypted) assert.equal(field.type, 'string', `${p}: only strings are referenceable/encrypted`);
    }
  });

  it("makes the credentials referenceable and encrypted exactly as Kong's ai-proxy", () => {
    assert.deepEqual(flat.filter(([, f]) => f.referenceable).map(([p]) => p).sort(), [...REFERENCEABLE].sort());
    assert.deepEqual(flat.filter(([, f]) => f.encrypted).map(([p]) => p).sort(), [...ENCRYPTED].sort());
  });

  it("translates ranges into Kong's validators and marks Kong's required fields", () => {
    const byPath = new Map(flat);
    assert.deepEqual(byPath.get('model.options.temperature')?.between, [0, 5]);
    assert.deepEqual(byPath.get('model.options.top_k')?.between, [0, 500]);
    assert.equal(byPath.get('model.options.input_cost')?.gt, 0);
    assert.equal(byPath.get('max_request_body_size')?.gt, -1);
    assert.equal(byPath.get('max_request_body_size')?.default, 8192);
    const required = flat.filter(([, f]) => f.required).map(([p]) => p);
    assert.deepEqual(required, ['route_type', 'model', 'model.provider', 'logging', 'logging.log_statistics', 'logging.log_payloads']);
  });

  it('returns a fresh copy on each call', () => {
    const first = kongSchemaFields();
    entryOf(first[0]!)[1].type = 'boolean';
    first.pop();
    assert.deepEqual(kongSchemaFields(), fields);
  });
});

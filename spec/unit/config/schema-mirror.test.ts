/**
 * schema/ai-proxy-js.schema.json must mirror every `config.*` field of Kong's published ai-proxy
 * schema (Kong 3.12): names, types, defaults, enums, ranges, required, referenceable/encrypted.
 * Kong's file lives beside the clone (../shared/reference); without it this test fails: it is the
 * proof that the config is Kong's, field for field.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SHARED_REFERENCE } from '../../helpers/paths';
import { CONFIG_SCHEMA } from '../../../src/llm/config/schema';

const KONG_SCHEMA_FILE = path.join(SHARED_REFERENCE, 'kong-ai-proxy-docs', 'config-schema-3.12.json');

/** The part of a JSON Schema property the two schemas are compared on. */
interface JsonProperty {
  type?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  format?: string;
  required?: string[];
  properties?: Record<string, JsonProperty>;
  'x-referenceable'?: boolean;
  'x-encrypted'?: boolean;
}

/** Keywords compared one to one. */
const COMPARED = ['type', 'default', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'format', 'x-referenceable', 'x-encrypted'] as const;
type Compared = (typeof COMPARED)[number];

/**
 * Constraints Kong's Lua schema declares that its docs generator leaves out of the published JSON,
 * so ours carries them beyond the reference. Any other extra keyword is a difference.
 */
const KONG_LUA_ONLY: Record<string, Partial<Record<Compared, unknown>>> = {
  // kong/llm/schemas/init.lua: input_cost / output_cost `gt = 0`.
  'model.options.input_cost': { exclusiveMinimum: 0 },
  'model.options.output_cost': { exclusiveMinimum: 0 },
  // Kong 3.12 describes 0 as "unlimited"; a negative size has no meaning.
  max_request_body_size: { minimum: 0 },
  // typedefs.url: a URL with a scheme and a host.
  'model.options.upstream_url': { format: 'kong-url' },
};

function readKongConfigSchema(): JsonProperty {
  assert.ok(
    fs.existsSync(KONG_SCHEMA_FILE),
    `Kong's reference schema is missing: ${KONG_SCHEMA_FILE} (CI and development need ../shared beside the clone)`,
  );
  const root = JSON.parse(fs.readFileSync(KONG_SCHEMA_FILE, 'utf8')) as { properties: { config: JsonProperty } };
  return root.properties.config;
}

/** Every property below a record, by dotted path, with the record that holds it. */
function flatten(record: JsonProperty, prefix = ''): Map<string, { field: JsonProperty; parent: JsonProperty; name: string }> {
  const out = new Map<string, { field: JsonProperty; parent: JsonProperty; name: string }>();
  for (const [name, field] of Object.entries(record.properties ?? {})) {
    const fieldPath = prefix ? `${prefix}.${name}` : name;
    out.set(fieldPath, { field, parent: record, name });
    if (field.properties) for (const [p, v] of flatten(field, fieldPath)) out.set(p, v);
  }
  return out;
}

/**
 * Required as the user sees it: listed in `required` and without a default (a required field with
 * a default is always filled, which is how Kong's generator publishes it: not required).
 */
function effectivelyRequired(parent: JsonProperty, name: string, field: JsonProperty): boolean {
  return (parent.required ?? []).includes(name) && field.default === undefined;
}

function normalise(keyword: Compared, value: unknown): unknown {
  if (keyword === 'enum' && Array.isArray(value)) return [...value].map(String).sort();
  if (keyword === 'x-referenceable' || keyword === 'x-encrypted') return value === true;
  return value;
}

/** Every difference between Kong's config schema and ours, one line each; [] when they mirror. */
function schemaDifferences(kong: JsonProperty, ours: JsonProperty): string[] {
  const diffs: string[] = [];
  const kongFields = flatten(kong);
  const ourFields = flatten(ours);
  for (const p of kongFields.keys()) if (!ourFields.has(p)) diffs.push(`${p}: in Kong's schema, missing from ours`);
  for (const p of ourFields.keys()) if (!kongFields.has(p)) diffs.push(`${p}: in ours, not in Kong's schema`);

  for (const [p, k] of kongFields) {
    const o = ourFields.get(p);
    if (!o) continue;
    const isRecord = k.field.type === 'object';
    const extras = KONG_LUA_ONLY[p] ?? {};
    for (const keyword of COMPARED) {
      // A record's `default: {}` only asks ajv to fill the record's own defaults, as Kong does.
      if (keyword === 'default' && isRecord && JSON.stringify(o.field.default ?? {}) === '{}') continue;
      const fromLua = k.field[keyword] === undefined && keyword in extras;
      const kv = JSON.stringify(normalise(keyword, fromLua ? extras[keyword] : k.field[keyword]));
      const ov = JSON.stringify(normalise(keyword, o.field[keyword]));
      const where = fromLua ? "Kong's Lua schema" : "Kong's";
      if (kv !== ov) diffs.push(`${p}: ${keyword} is ${ov ?? 'unset'} in ours, ${kv ?? 'unset'} in ${where}`);
    }
    const kr = effectivelyRequired(k.parent, k.name, k.field);
    const or = effectivelyRequired(o.parent, o.name, o.field);
    if (kr !== or) diffs.push(`${p}: required is ${String(or)} in ours, ${String(kr)} in Kong's`);

    // Kong's strings refuse "" unless told otherwise (len_min defaults to 1); enums need no length.
    if (o.field.type === 'string' && !o.field.enum && o.field.minLength !== 1) {
      diffs.push(`${p}: minLength is ${JSON.stringify(o.field.minLength) ?? 'unset'} in ours, Kong's strings have len_min 1`);
    }
  }
  return diffs;
}

describe('schema/ai-proxy-js.schema.json mirrors Kong 3.12 ai-proxy config', () => {
  const kong = readKongConfigSchema();
  const ours = CONFIG_SCHEMA as unknown as JsonProperty;

  it('has every config field of Kong with the same type, default, enum, range, required, referenceable, encrypted', () => {
    assert.deepEqual(schemaDifferences(kong, ours), []);
  });

  it('covers a meaningful part of Kong schema (the walk reaches nested records)', () => {
    const paths = [...flatten(kong).keys()];
    assert.ok(paths.length >= 60, `only ${paths.length} fields walked`);
    for (const nested of ['model.options.gemini.endpoint_id', 'model.options.bedrock.aws_region', 'auth.gcp_service_account_json']) {
      assert.ok(paths.includes(nested), nested);
    }
  });

  it('reports every kind of difference (the comparison can fail)', () => {
    const changed = structuredClone(ours);
    const options = changed.properties!.model!.properties!.options!.properties!;
    options.azure_api_version!.default = '2024-02-01';
    options.top_k!.maximum = 100;
    options.llama2_format!.enum = ['raw', 'openai'];
    options.input_cost!.exclusiveMinimum = undefined;
    options.anthropic_version!.minLength = undefined;
    delete options.embeddings_dimensions;
    options.extra_option = { type: 'string', minLength: 1 };
    changed.properties!.auth!.properties!.header_value!['x-encrypted'] = undefined;
    changed.properties!.auth!.properties!.header_name!.type = 'integer';
    changed.required = ['route_type', 'model', 'logging', 'llm_format'];
    delete changed.properties!.llm_format!.default;
    assert.deepEqual(schemaDifferences(kong, changed).sort(), [
      'auth.header_name: type is "integer" in ours, "string" in Kong\'s',
      'auth.header_value: x-encrypted is false in ours, true in Kong\'s',
      'llm_format: default is unset in ours, "openai" in Kong\'s',
      'llm_format: required is true in ours, false in Kong\'s',
      'model.options.anthropic_version: minLength is unset in ours, Kong\'s strings have len_min 1',
      'model.options.azure_api_version: default is "2024-02-01" in ours, "2023-05-15" in Kong\'s',
      'model.options.embeddings_dimensions: in Kong\'s schema, missing from ours',
      'model.options.extra_option: in ours, not in Kong\'s schema',
      'model.options.input_cost: exclusiveMinimum is unset in ours, 0 in Kong\'s Lua schema',
      'model.options.llama2_format: enum is ["openai","raw"] in ours, ["ollama","openai","raw"] in Kong\'s',
      'model.options.top_k: maximum is 100 in ours, 500 in Kong\'s',
    ]);
  });
});

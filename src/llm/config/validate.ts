/**
 * Validates a plugin `config` object against schema/ai-proxy-js.schema.json and fills Kong's
 * defaults. ajv compiles the schema once, at module load.
 *
 * Conventions taken from Kong's schema handling:
 * - an explicit `null` means "unset" (Kong configs carry them), so nulls are dropped first;
 * - keys starting with `__` are Kong's own bookkeeping (`__key__`, `__seq__`, `__plugin_id`),
 *   not user config: they are not validated, and `__plugin_id` is kept on the result.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { PluginConfig } from '../types';
import { CONFIG_SCHEMA, SCHEMA_ANNOTATIONS } from './schema';
import { formatIssues, toIssues, type ConfigIssue } from './issues';
import { isRecord } from '../is-record';

export type { ConfigIssue } from './issues';

export type ValidationResult = { ok: true; config: PluginConfig } | { ok: false; errors: ConfigIssue[] };

/** Thrown by parseConfig: `.issues` lists every problem; the message has one `path: message` line each. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`invalid ai-proxy-js config:\n${formatIssues(issues)}`);
    this.name = 'ConfigError';
  }
}

/**
 * What Kong's plugins iterator adds to the config it hands a plugin instance, beside the `__` keys:
 * the entity's scope and instance name. They are not user config.
 * @see kong/runloop/plugins_iterator.lua get_plugin_config
 */
const KONG_SCOPE_KEYS: ReadonlySet<string> = new Set(['route_id', 'service_id', 'consumer_id', 'consumer_group_id', 'plugin_instance_name']);

/** Kong's typedefs.url: a URL with a scheme and a host (templates such as `$(headers.x)` allowed in it). */
const URL_WITH_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+/i;

function compile(): ValidateFunction {
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: true,
    verbose: true, // parentSchema on errors, for range messages
    strict: true,
    // Rule conditions (if/then) deliberately constrain properties without restating types.
    strictTypes: false,
    strictRequired: false,
  });
  ajv.addVocabulary([...SCHEMA_ANNOTATIONS]);
  ajv.addFormat('kong-url', URL_WITH_HOST);
  return ajv.compile(CONFIG_SCHEMA);
}

const validateSchema = compile();

/** A deep copy without null-valued properties (null = unset), so the caller's object is untouched. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && v !== undefined) out[key] = withoutNulls(v);
  }
  return out;
}

export function validateConfig(raw: unknown): ValidationResult {
  if (!isRecord(raw)) return { ok: false, errors: [{ path: 'config', message: 'expected a record' }] };
  const data = withoutNulls(raw) as Record<string, unknown>;
  const pluginId = data.__plugin_id;
  for (const key of Object.keys(data)) if (key.startsWith('__') || KONG_SCOPE_KEYS.has(key)) delete data[key];

  // Two passes: ajv checks the cross-field rules (allOf) before it fills nested defaults, so the
  // first pass fills every default and the second judges the completed config.
  validateSchema(data);
  if (!validateSchema(data)) {
    return { ok: false, errors: toIssues(validateSchema.errors ?? [], CONFIG_SCHEMA) };
  }
  const config = data as unknown as PluginConfig;
  if (typeof pluginId === 'string') config.__plugin_id = pluginId;
  return { ok: true, config };
}

/** validateConfig, throwing ConfigError when the config is invalid. */
export function parseConfig(raw: unknown): PluginConfig {
  const result = validateConfig(raw);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config;
}

/**
 * What the loader knows of plugins by name, without a plugin server: config validators (check
 * `config`, fill defaults) and Kong schemas (where vault references resolve). The gateway knows each
 * plugin only through these tables, so it never reaches into a plugin's internals.
 */
import { kongSchemaFields } from '../../llm/config/kong-schema';
import { validateConfig } from '../../llm/config/validate';
import type { PluginConfigValidator } from './load';
import type { KongPluginSchema } from './referenceable';

/** ai-proxy-js: the same validation (and defaults) as `ai-proxy-js validate`. */
const validateAiProxyJs: PluginConfigValidator = (config) => {
  const result = validateConfig(config);
  if (!result.ok) return { ok: false, errors: result.errors };
  return { ok: true, config: { ...result.config } };
};

export const DEFAULT_PLUGIN_VALIDATORS: Readonly<Record<string, PluginConfigValidator>> = {
  'ai-proxy-js': validateAiProxyJs,
};

/** ai-proxy-js's Kong schema, as its plugin module exports it to the plugin server. */
export const DEFAULT_PLUGIN_SCHEMAS: Readonly<Record<string, KongPluginSchema>> = {
  'ai-proxy-js': { name: 'ai-proxy-js', fields: [{ config: { type: 'record', fields: kongSchemaFields() } }] },
};

/**
 * Plugin config validators by plugin name. The gateway knows each plugin only through this table,
 * so it never reaches into a plugin's internals: a validator checks `config` and fills defaults.
 */
import { validateConfig } from '../../llm/config/validate';
import type { PluginConfigValidator } from './load';

/** ai-proxy-js: the same validation (and defaults) as `ai-proxy-js validate`. */
const validateAiProxyJs: PluginConfigValidator = (config) => {
  const result = validateConfig(config);
  if (!result.ok) return { ok: false, errors: result.errors };
  return { ok: true, config: { ...result.config } };
};

export const DEFAULT_PLUGIN_VALIDATORS: Readonly<Record<string, PluginConfigValidator>> = {
  'ai-proxy-js': validateAiProxyJs,
};

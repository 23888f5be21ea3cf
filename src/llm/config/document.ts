/**
 * Validation of a whole document, as the `validate` CLI reads it: either a Kong declarative file
 * (it has `_format_version`), whose ai-proxy plugin entries are validated wherever they sit
 * (top-level `plugins`, or nested under services, routes, consumers...), or one plugin config
 * (the `config:` object, bare or wrapped as `{ config: ... }`).
 * @see https://developer.konghq.com/gateway/declarative-configuration/
 */
import { validateConfig } from './validate';
import type { ConfigIssue } from './issues';
import type { PluginConfig } from '../types';
import { isRecord } from '../is-record';

/** Plugin names validated in a declarative file: ours, and Kong's, which users rename to ours. */
export const AI_PROXY_PLUGIN_NAMES: readonly string[] = ['ai-proxy-js', 'ai-proxy'];

/** One validated config: where it sits and what is wrong with it (paths already prefixed). */
export interface ValidatedConfig {
  /** `services[0].routes[1].plugins[0]` in a declarative file; `` for a plugin config file. */
  location: string;
  /** The plugin name (declarative entries) or undefined for a plugin config file. */
  plugin?: string;
  issues: ConfigIssue[];
  /** The config with defaults filled, when it is valid. */
  config?: PluginConfig;
}

export type DocumentReport =
  | { kind: 'declarative'; configs: ValidatedConfig[] }
  | { kind: 'plugin-config'; configs: [ValidatedConfig] };

export function isDeclarativeConfig(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && '_format_version' in doc;
}

/** A plugin entry of a declarative file with the path it was found at. */
export interface PluginEntryAt {
  location: string;
  name: string;
  config: unknown;
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/** Every ai-proxy plugin entry of a declarative document, in document order. */
export function findAiProxyPlugins(doc: unknown): PluginEntryAt[] {
  const found: PluginEntryAt[] = [];
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${at}[${i}]`));
      return;
    }
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const here = join(at, key);
      if (key === 'plugins' && Array.isArray(value)) {
        value.forEach((entry, i) => {
          if (isRecord(entry) && typeof entry.name === 'string' && AI_PROXY_PLUGIN_NAMES.includes(entry.name)) {
            found.push({ location: `${here}[${i}]`, name: entry.name, config: entry.config });
          }
        });
      } else {
        visit(value, here);
      }
    }
  };
  visit(doc, '');
  return found;
}

/** `config.model.provider` under `services[0].plugins[1]` → `services[0].plugins[1].config.model.provider`. */
function prefixIssues(issues: readonly ConfigIssue[], location: string): ConfigIssue[] {
  return issues.map((issue) => ({ path: location ? `${location}.${issue.path}` : issue.path, message: issue.message }));
}

function judge(config: unknown, location: string): Pick<ValidatedConfig, 'issues' | 'config'> {
  // A plugin entry without `config` is judged as an empty one, so the missing fields are named.
  const result = validateConfig(config === undefined || config === null ? {} : config);
  return result.ok ? { issues: [], config: result.config } : { issues: prefixIssues(result.errors, location) };
}

/** A plugin config file: the `config:` object itself, or a `{ config: ... }` wrapper (as in a plugin entry). */
function unwrapPluginConfig(doc: unknown): unknown {
  if (isRecord(doc) && 'config' in doc && !('route_type' in doc) && !('model' in doc)) return doc.config;
  return doc;
}

export function validateDocument(doc: unknown): DocumentReport {
  if (isDeclarativeConfig(doc)) {
    const configs = findAiProxyPlugins(doc).map((entry) => ({
      location: entry.location,
      plugin: entry.name,
      ...judge(entry.config, entry.location),
    }));
    return { kind: 'declarative', configs };
  }
  return { kind: 'plugin-config', configs: [{ location: '', ...judge(unwrapPluginConfig(doc), '') }] };
}

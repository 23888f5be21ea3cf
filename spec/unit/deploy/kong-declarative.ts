/**
 * Walks a Kong declarative file (`_format_version: "3.0"`) for the deployment checks: plugin
 * entries wherever they are nested, and `{vault://env/...}` references.
 * @see https://developer.konghq.com/gateway/declarative-configuration/
 */
import { validateConfig } from '../../../src/llm/config/validate';
import { formatIssues } from '../../../src/llm/config/issues';

export interface PluginEntry {
  /** Where the entry is: `services[0].routes[2].plugins[0]`. */
  at: string;
  name: string;
  config: unknown;
  /** The paths of the route the plugin is attached to, when it is on a route. */
  routePaths?: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringList(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

function pluginsOf(owner: unknown, at: string, routePaths?: string[]): PluginEntry[] {
  if (!isRecord(owner)) return [];
  return list(owner.plugins).flatMap((p, i) =>
    isRecord(p) && typeof p.name === 'string' ? [{ at: `${at}.plugins[${i}]`.replace(/^\./, ''), name: p.name, config: p.config, routePaths }] : [],
  );
}

/** Every plugin entry: top-level, on services, on routes nested in services, on top-level routes. */
export function pluginEntries(doc: unknown): PluginEntry[] {
  if (!isRecord(doc)) return [];
  const out: PluginEntry[] = [...pluginsOf(doc, '')];
  list(doc.services).forEach((service, s) => {
    out.push(...pluginsOf(service, `services[${s}]`));
    if (!isRecord(service)) return;
    list(service.routes).forEach((route, r) => {
      out.push(...pluginsOf(route, `services[${s}].routes[${r}]`, isRecord(route) ? stringList(route.paths) : undefined));
    });
  });
  list(doc.routes).forEach((route, r) => {
    out.push(...pluginsOf(route, `routes[${r}]`, isRecord(route) ? stringList(route.paths) : undefined));
  });
  return out;
}

/** `path: message` for every invalid config of a plugin named `pluginName`, by our validator. */
export function pluginConfigProblems(doc: unknown, pluginName: string): string[] {
  return pluginEntries(doc)
    .filter((p) => p.name === pluginName)
    .flatMap((p) => {
      const result = validateConfig(p.config);
      return result.ok ? [] : formatIssues(result.errors, `${p.at}.`).split('\n');
    });
}

const VAULT_ENV_REFERENCE = /^\{vault:\/\/env\/([^}?#]+)\}$/;

/**
 * The environment variable an env-vault reference reads: `{vault://env/openai-key}` → OPENAI_KEY.
 * A reference is only a reference when it is the whole value (kong/pdk/vault.lua is_reference).
 * @see kong/vaults/env/init.lua
 */
export function envVaultVariable(value: string): string | undefined {
  const m = VAULT_ENV_REFERENCE.exec(value);
  return m?.[1] ? m[1].replace(/-/g, '_').toUpperCase() : undefined;
}

/** Every string inside a value (depth-first), with its dotted path. */
export function strings(value: unknown, at = ''): Array<{ at: string; value: string }> {
  if (typeof value === 'string') return [{ at, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

/** Services without a `url` or `host` (Kong rejects them). */
export function servicesWithoutTarget(doc: unknown): string[] {
  if (!isRecord(doc)) return [];
  return list(doc.services).flatMap((s, i) =>
    isRecord(s) && (typeof s.url === 'string' || typeof s.host === 'string') ? [] : [`services[${i}]`],
  );
}

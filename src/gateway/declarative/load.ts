/**
 * Loads a Kong declarative file (`_format_version: "3.0"`) into the entities the local gateway
 * serves: services, routes and plugins (nested or top level, references by name or id), with
 * Kong's defaults, vault references resolved from the environment, and plugin configs validated.
 * Every problem of the file is collected and thrown at once in a DeclarativeConfigError.
 * @see kong/db/declarative/init.lua and kong/db/schema/others/declarative_config.lua
 */
import fs from 'node:fs';
import YAML from 'yaml';
import { stableUuid } from '../stable-id';
import { IssueList, at, checkFields, isRecord, type Fields } from './fields';
import { readPlugin, type PluginDraft, type PluginParent } from './plugin';
import { EntityIndex } from './reference';
import { readRoute, type RouteDraft } from './route';
import { readService, type ServiceDraft } from './service';
import {
  DeclarativeConfigError,
  type DeclarativeConfig,
  type PluginEntity,
  type PluginScope,
  type RouteEntity,
  type ServiceEntity,
} from './types';
import type { KongPluginSchema } from './referenceable';
import { DEFAULT_PLUGIN_SCHEMAS, DEFAULT_PLUGIN_VALIDATORS } from './validators';
import { checkedPluginConfig, type ConfigCheckOptions } from './plugin-config';
import type { VaultDefinition } from './vault';
import { readVault } from './vault-entity';

export { DeclarativeConfigError } from './types';

/**
 * Checks a plugin's `config` and returns it with defaults filled. Error paths start at the plugin
 * entry (`config.model.provider`).
 */
export type PluginConfigValidator = (
  config: Record<string, unknown>,
) => { ok: true; config: Record<string, unknown> } | { ok: false; errors: { path: string; message: string }[] };

export interface LoadOptions {
  /** Where `{vault://env/...}` references are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Validators by plugin name; default DEFAULT_PLUGIN_VALIDATORS (ai-proxy-js). */
  validators?: Record<string, PluginConfigValidator>;
  /** The plugins the gateway can run; others are refused as Kong refuses a plugin not enabled. */
  knownPlugins?: string[];
  /**
   * Kong schemas by plugin name (PluginInfo.Schema from the plugin server): vault references resolve
   * only in their referenceable fields. Added to DEFAULT_PLUGIN_SCHEMAS (ai-proxy-js). A plugin
   * without a schema has references resolved in any string.
   */
  pluginSchemas?: Record<string, KongPluginSchema>;
}

const TOP_LEVEL = new Set(['_format_version', '_transform', '_comment', '_workspace', 'services', 'routes', 'plugins', 'vaults']);
const UNSUPPORTED_ENTITIES = [
  'consumers', 'consumer_groups', 'upstreams', 'targets', 'certificates', 'ca_certificates', 'snis', 'keys',
  'key_sets', 'filter_chains', 'partials', 'parameters', 'licenses', 'acls', 'basicauth_credentials',
  'keyauth_credentials', 'hmacauth_credentials', 'jwt_secrets', 'oauth2_credentials',
];
const REFUSED_TOP_LEVEL: Record<string, string> = Object.fromEntries(
  UNSUPPORTED_ENTITIES.map((e) => [e, `'${e}' entities are not supported by the local gateway (it serves services, routes, plugins and env vaults)`]),
);

const FORMAT_VERSION = '3.0';

function checkFormatVersion(doc: Fields, issues: IssueList): void {
  const version = doc._format_version;
  if (version === undefined || version === null) {
    issues.add('_format_version', 'required field missing');
  } else if (typeof version !== 'string') {
    issues.add('_format_version', `expected a string (write "${FORMAT_VERSION}" in quotes)`);
  } else if (version === '1.1' || version === '2.1') {
    issues.add('_format_version', `format ${version} is not supported by the local gateway; convert the file to ${FORMAT_VERSION}`);
  } else if (version !== FORMAT_VERSION) {
    issues.add('_format_version', 'expected one of: 1.1, 2.1, 3.0');
  }
  if (doc._transform !== undefined && typeof doc._transform !== 'boolean') issues.add('_transform', 'expected a boolean');
}

function readList(doc: Fields, key: string, issues: IssueList): unknown[] {
  const value = doc[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  issues.add(key, 'expected an array');
  return [];
}

/** What the entries of the file became once read, before ids and references are settled. */
interface Drafts {
  services: ServiceDraft[];
  routes: { draft: RouteDraft; parent?: ServiceDraft }[];
  plugins: { draft: PluginDraft; parent?: { kind: 'service'; draft: ServiceDraft } | { kind: 'route'; draft: RouteDraft } }[];
  vaults: Map<string, VaultDefinition>;
}

function readPlugins(list: unknown[], path: string, issues: IssueList, parentKind: PluginParent): PluginDraft[] {
  return list.flatMap((raw, i) => readPlugin(raw, at(path, i), issues, parentKind) ?? []);
}

function readDrafts(doc: Fields, issues: IssueList): Drafts {
  const drafts: Drafts = { services: [], routes: [], plugins: [], vaults: new Map() };

  readList(doc, 'vaults', issues).forEach((raw, i) => {
    const vault = readVault(raw, at('vaults', i), issues);
    if (!vault) return;
    if (drafts.vaults.has(vault.prefix)) {
      issues.add(at('vaults', i), `uniqueness violation: 'vaults' entity with prefix set to '${vault.prefix}' already declared`);
    } else drafts.vaults.set(vault.prefix, vault);
  });

  const addRoute = (draft: RouteDraft, parent?: ServiceDraft): void => {
    drafts.routes.push({ draft, parent });
    for (const plugin of readPlugins(draft.plugins, at(draft.path, 'plugins'), issues, 'route')) {
      drafts.plugins.push({ draft: plugin, parent: { kind: 'route', draft } });
    }
  };

  readList(doc, 'services', issues).forEach((raw, i) => {
    const service = readService(raw, at('services', i), issues);
    if (!service) return;
    drafts.services.push(service);
    service.routes.forEach((rawRoute, j) => {
      const route = readRoute(rawRoute, at(at(service.path, 'routes'), j), issues, true);
      if (route) addRoute(route, service);
    });
    for (const plugin of readPlugins(service.plugins, at(service.path, 'plugins'), issues, 'service')) {
      drafts.plugins.push({ draft: plugin, parent: { kind: 'service', draft: service } });
    }
  });

  readList(doc, 'routes', issues).forEach((raw, i) => {
    const route = readRoute(raw, at('routes', i), issues, false);
    if (route) addRoute(route);
  });

  for (const plugin of readPlugins(readList(doc, 'plugins', issues), 'plugins', issues, undefined)) {
    drafts.plugins.push({ draft: plugin });
  }
  return drafts;
}

/** An id for an entry written without one: stable across restarts (by name, else by place in the file). */
function entityId(kind: string, givenId: string | undefined, name: string | undefined, path: string): string {
  return givenId ?? stableUuid(`${kind}:${name !== undefined ? `name=${name}` : `at=${path}`}`);
}

/** A settled entity, or undefined when its entry had problems (kept so references to it settle). */
interface Settled<T> {
  id: string;
  entity?: T;
}

function settleServices(drafts: Drafts, issues: IssueList): { index: EntityIndex<Settled<ServiceEntity>>; byDraft: Map<ServiceDraft, Settled<ServiceEntity>> } {
  const index = new EntityIndex<Settled<ServiceEntity>>('services');
  const byDraft = new Map<ServiceDraft, Settled<ServiceEntity>>();
  for (const draft of drafts.services) {
    const id = entityId('services', draft.givenId, draft.name, draft.path);
    const settled: Settled<ServiceEntity> = { id, entity: draft.fields && { id, ...draft.fields } };
    index.add(settled, id, draft.name, draft.path, issues);
    byDraft.set(draft, settled);
  }
  return { index, byDraft };
}

function settleRoutes(
  drafts: Drafts,
  services: ReturnType<typeof settleServices>,
  issues: IssueList,
): { index: EntityIndex<Settled<RouteEntity>>; byDraft: Map<RouteDraft, Settled<RouteEntity>> } {
  const index = new EntityIndex<Settled<RouteEntity>>('routes');
  const byDraft = new Map<RouteDraft, Settled<RouteEntity>>();
  for (const { draft, parent } of drafts.routes) {
    const id = entityId('routes', draft.givenId, draft.name, draft.path);
    const service = parent ? services.byDraft.get(parent) : draft.serviceRef && services.index.resolve(draft.serviceRef, issues);
    const entity = service ? { id, ...draft.fields, service: { id: service.id } } : undefined;
    const settled: Settled<RouteEntity> = { id, entity };
    index.add(settled, id, draft.name, draft.path, issues);
    byDraft.set(draft, settled);
  }
  return { index, byDraft };
}

interface ScopeContext {
  services: ReturnType<typeof settleServices>;
  routes: ReturnType<typeof settleRoutes>;
  issues: IssueList;
  warnings: IssueList;
}

/** Where a plugin applies; a plugin on a route and a service is a route plugin when the route is the service's. */
function pluginScope(item: Drafts['plugins'][number], ctx: ScopeContext): PluginScope | undefined {
  const { draft, parent } = item;
  if (parent?.kind === 'service') return { kind: 'service', serviceId: ctx.services.byDraft.get(parent.draft)!.id };
  if (parent?.kind === 'route') return { kind: 'route', routeId: ctx.routes.byDraft.get(parent.draft)!.id };
  const route = draft.routeRef && ctx.routes.index.resolve(draft.routeRef, ctx.issues);
  const service = draft.serviceRef && ctx.services.index.resolve(draft.serviceRef, ctx.issues);
  if ((draft.routeRef && !route) || (draft.serviceRef && !service)) return undefined;
  if (route && service) {
    if (route.entity && route.entity.service.id !== service.id) {
      ctx.issues.add(
        draft.path,
        `the plugin can never apply: route '${draft.routeRef!.value}' does not belong to service '${draft.serviceRef!.value}'`,
      );
      return undefined;
    }
    return { kind: 'route', routeId: route.id };
  }
  if (route) return { kind: 'route', routeId: route.id };
  if (service) return { kind: 'service', serviceId: service.id };
  return { kind: 'global' };
}

function scopeKey(scope: PluginScope): string {
  switch (scope.kind) {
    case 'global':
      return 'global';
    case 'service':
      return `service ${scope.serviceId}`;
    case 'route':
      return `route ${scope.routeId}`;
  }
}

function settlePlugins(
  drafts: Drafts,
  ctx: ScopeContext,
  opts: Omit<ConfigCheckOptions, 'vaults'> & Pick<LoadOptions, 'knownPlugins'>,
): PluginEntity[] {
  const { issues, warnings } = ctx;
  const plugins: PluginEntity[] = [];
  const ids = new Set<string>();
  const instanceNames = new Set<string>();
  const attached = new Map<string, string>(); // name + scope → path of the first entry
  for (const item of drafts.plugins) {
    const { draft } = item;
    const scope = pluginScope(item, ctx);
    const fields = draft.fields;
    if (!fields || !scope) continue;
    if (opts.knownPlugins && !opts.knownPlugins.includes(fields.name)) {
      issues.add(at(draft.path, 'name'), `plugin '${fields.name}' not enabled; add it to the 'plugins' configuration property`);
      continue;
    }
    const key = `${fields.name} on ${scopeKey(scope)}`;
    const first = attached.get(key);
    if (first !== undefined) {
      issues.add(draft.path, `uniqueness violation: plugin '${fields.name}' is already attached to the same ${scope.kind} at ${first}`);
      continue;
    }
    attached.set(key, draft.path);
    const id = draft.givenId ?? stableUuid(`plugins:${key}`);
    if (ids.has(id)) {
      issues.add(draft.path, `uniqueness violation: 'plugins' entity with primary key set to '${id}' already declared`);
      continue;
    }
    ids.add(id);
    if (fields.instance_name !== undefined) {
      if (instanceNames.has(fields.instance_name)) {
        issues.add(
          at(draft.path, 'instance_name'),
          `uniqueness violation: 'plugins' entity with instance_name set to '${fields.instance_name}' already declared`,
        );
        continue;
      }
      instanceNames.add(fields.instance_name);
    }
    const checked = checkedPluginConfig(draft.path, fields.name, fields.config, { ...opts, vaults: drafts.vaults }, issues, warnings);
    if (!checked) continue;
    // Kong's plugins iterator stamps the entity id on the config it hands to plugins (get_plugin_config).
    const config = { ...checked.config, __plugin_id: id };
    plugins.push({ id, ...fields, config, vaultReferences: checked.vaultReferences, scope, source: draft.path });
  }
  return plugins;
}

function defined<T>(items: Iterable<Settled<T>>): T[] {
  return [...items].flatMap((s) => (s.entity ? [s.entity] : []));
}

/** Loads an already parsed declarative document; `origin` names it in messages. */
export function loadDeclarativeConfig(doc: unknown, origin: string, opts: LoadOptions = {}): DeclarativeConfig {
  const issues = new IssueList();
  const warnings = new IssueList();
  if (!isRecord(doc)) {
    throw new DeclarativeConfigError(origin, [{ path: '', message: `expected a record (a declarative config with _format_version: "${FORMAT_VERSION}")` }]);
  }
  checkFields(doc, '', issues, TOP_LEVEL, REFUSED_TOP_LEVEL);
  checkFormatVersion(doc, issues);
  const drafts = readDrafts(doc, issues);
  const services = settleServices(drafts, issues);
  const routes = settleRoutes(drafts, services, issues);
  const plugins = settlePlugins(drafts, { services, routes, issues, warnings }, {
    env: opts.env ?? process.env,
    validators: opts.validators ?? DEFAULT_PLUGIN_VALIDATORS,
    schemas: { ...DEFAULT_PLUGIN_SCHEMAS, ...opts.pluginSchemas },
    knownPlugins: opts.knownPlugins,
  });
  if (!issues.empty) throw new DeclarativeConfigError(origin, issues.items);
  return {
    origin,
    services: defined(services.byDraft.values()),
    routes: defined(routes.byDraft.values()),
    plugins,
    warnings: warnings.items,
  };
}

/** Reads and loads a kong.yml (YAML or JSON). */
export function loadDeclarativeFile(file: string, opts: LoadOptions = {}): DeclarativeConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new DeclarativeConfigError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  const documents = YAML.parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const errors = list.flatMap((d) => d.errors);
  if (errors.length > 0) {
    throw new DeclarativeConfigError(file, errors.map((e) => ({ path: '', message: `not valid YAML or JSON: ${e.message.replace(/:?\n[\s\S]*$/, '')}` })));
  }
  if (list.length > 1) {
    throw new DeclarativeConfigError(file, [{ path: '', message: `expected one YAML document, found ${list.length}` }]);
  }
  return loadDeclarativeConfig(list[0]?.toJS() ?? null, file, opts);
}

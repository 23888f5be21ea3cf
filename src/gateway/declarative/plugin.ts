/**
 * One `plugins[]` entry (top level with optional `service:` / `route:` references, or nested in a
 * service or a route), with Kong's defaults (enabled, config {}).
 * @see kong/db/schema/entities/plugins.lua
 */
import {
  IssueList,
  at,
  checkFields,
  isEmpty,
  isRecord,
  optBoolean,
  optId,
  optInteger,
  optName,
  optString,
  optStringArray,
  optTags,
  readEntry,
} from './fields';
import { KONG_PROTOCOLS } from './protocols';
import { readReference, type Reference } from './reference';


const FIELDS = new Set([
  'id', 'name', 'instance_name', 'enabled', 'config', 'protocols', 'tags', 'route', 'service', 'created_at', 'updated_at',
]);
const REFUSED: Record<string, string> = {
  consumer: 'plugins scoped to a consumer are not supported by the local gateway',
  consumer_group: 'plugins scoped to a consumer group are not supported by the local gateway',
  ordering: 'dynamic plugin ordering is not supported by the local gateway',
};

/** Where a nested plugin sits; it may not name another service or route. */
export type PluginParent = 'service' | 'route' | undefined;

/** A plugin before references are settled and its config is checked. */
export interface PluginDraft {
  path: string;
  givenId?: string;
  /** Undefined without a name or a config record; other problems are in the issue list. */
  fields?: {
    name: string;
    instance_name?: string;
    enabled: boolean;
    config: Record<string, unknown>;
  };
  routeRef?: Reference;
  serviceRef?: Reference;
}

function readConfig(value: unknown, path: string, issues: IssueList): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) return value;
  issues.add(at(path, 'config'), 'expected a record');
  return undefined;
}

export function readPlugin(raw: unknown, path: string, issues: IssueList, parent: PluginParent): PluginDraft | undefined {
  const entry = readEntry(raw, path, issues);
  if (!entry) return undefined;
  checkFields(entry, path, issues, FIELDS, REFUSED);

  const givenId = optId(entry, path, issues);
  const name = optString(entry, 'name', path, issues);
  if (name === undefined && (entry.name === undefined || entry.name === null)) issues.add(at(path, 'name'), 'required field missing');
  const instanceName = optName(entry, 'instance_name', path, issues);
  const enabled = optBoolean(entry, 'enabled', path, issues);
  const config = readConfig(entry.config, path, issues);
  optStringArray(entry, 'protocols', path, issues, (p) => (KONG_PROTOCOLS.includes(p) ? undefined : `expected one of: ${KONG_PROTOCOLS.join(', ')}`));
  optTags(entry, path, issues);
  optInteger(entry, 'created_at', path, issues);
  optInteger(entry, 'updated_at', path, issues);

  let routeRef: Reference | undefined;
  let serviceRef: Reference | undefined;
  if (parent === undefined) {
    routeRef = readReference(entry, 'route', path, issues);
    serviceRef = readReference(entry, 'service', path, issues);
  } else {
    for (const field of ['route', 'service'] as const) {
      if (!isEmpty(entry[field])) issues.add(at(path, field), `a plugin nested in a ${parent} belongs to it; remove this field`);
    }
  }

  if (name === undefined || config === undefined) return { path, givenId, routeRef, serviceRef };
  return {
    path,
    givenId,
    routeRef,
    serviceRef,
    fields: {
      name,
      ...(instanceName !== undefined ? { instance_name: instanceName } : {}),
      enabled: enabled ?? true,
      config,
    },
  };
}

/**
 * One `routes[]` entry (top level, or nested in a service): matching fields, Kong's defaults
 * (protocols http+https, strip_path true, preserve_host false, regex_priority 0) and checks.
 * @see kong/db/schema/entities/routes.lua and routes_subschemas.lua
 */
import type { RouteEntity } from './types';
import {
  IssueList,
  at,
  checkFields,
  isEmpty,
  optBoolean,
  optId,
  optInteger,
  optName,
  optString,
  optStringArray,
  optTags,
  readEntry,
  type Fields,
} from './fields';
import { routeHostProblem } from './host-names';
import { routePathProblem } from './paths';
import { SERVED_PROTOCOLS, protocolProblem } from './protocols';
import { readReference, type Reference } from './reference';

const REDIRECT_STATUSES = [426, 301, 302, 307, 308];

const FIELDS = new Set([
  'id', 'name', 'protocols', 'methods', 'hosts', 'paths', 'strip_path', 'preserve_host', 'regex_priority',
  'path_handling', 'https_redirect_status_code', 'request_buffering', 'response_buffering', 'tags', 'service',
  'created_at', 'updated_at', 'plugins',
]);
const REFUSED: Record<string, string> = {
  headers: 'routing on headers is not supported by the local gateway',
  snis: 'routing on SNIs is not supported by the local gateway',
  sources: "cannot set 'sources' when 'protocols' is 'http' or 'https'",
  destinations: "cannot set 'destinations' when 'protocols' is 'http' or 'https'",
  expression: 'expression routes are not supported by the local gateway (router flavor traditional_compatible)',
  priority: 'expression routes are not supported by the local gateway (router flavor traditional_compatible)',
};

/** A route before ids and references are settled. */
export interface RouteDraft {
  path: string;
  givenId?: string;
  name?: string;
  /** What could be read; the entry's problems are in the issue list (the loader then throws). */
  fields: Omit<RouteEntity, 'id' | 'service'>;
  /** The `service:` reference of a top-level route (nested routes belong to their service). */
  serviceRef?: Reference;
  plugins: unknown[];
}

function readProtocols(entry: Fields, path: string, issues: IssueList): string[] | undefined {
  const protocols = optStringArray(entry, 'protocols', path, issues, protocolProblem);
  if (protocols !== undefined && protocols.length === 0) {
    issues.add(at(path, 'protocols'), 'length must be at least 1');
    return undefined;
  }
  return protocols;
}

function readPathHandling(entry: Fields, path: string, issues: IssueList): void {
  const handling = optString(entry, 'path_handling', path, issues);
  if (handling === undefined || handling === 'v0') return;
  issues.add(
    at(path, 'path_handling'),
    handling === 'v1'
      ? "path_handling='v1' will not work under 'expressions' or 'traditional_compatible' router_flavor, please use path_handling='v0' instead"
      : 'expected one of: v0, v1',
  );
}

function readRedirectStatus(entry: Fields, path: string, issues: IssueList): void {
  const status = optInteger(entry, 'https_redirect_status_code', path, issues);
  if (status !== undefined && !REDIRECT_STATUSES.includes(status)) {
    issues.add(at(path, 'https_redirect_status_code'), `expected one of: ${REDIRECT_STATUSES.join(', ')}`);
  }
}

function readNestedPlugins(entry: Fields, path: string, issues: IssueList): unknown[] {
  const value = entry.plugins;
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  issues.add(at(path, 'plugins'), 'expected an array');
  return [];
}

/** A route with nothing to match on: Kong's message names the fields it wants. */
function checkSomethingToMatch(entry: Fields, protocols: readonly string[], path: string, issues: IssueList): void {
  if (!isEmpty(entry.methods) || !isEmpty(entry.hosts) || !isEmpty(entry.paths) || !isEmpty(entry.headers)) return;
  const message = protocols.includes('https')
    ? "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'"
    : "must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'";
  issues.add(path, message);
}

/**
 * @param nested true for `services[i].routes[j]`: the enclosing service is the route's service, and
 *               a `service:` field there is refused.
 */
export function readRoute(raw: unknown, path: string, issues: IssueList, nested: boolean): RouteDraft | undefined {
  const entry = readEntry(raw, path, issues);
  if (!entry) return undefined;
  checkFields(entry, path, issues, FIELDS, REFUSED);

  const givenId = optId(entry, path, issues);
  const name = optName(entry, 'name', path, issues);
  const protocols = readProtocols(entry, path, issues);
  const methods = optStringArray(entry, 'methods', path, issues, (m) => (/^[A-Z]+$/.test(m) ? undefined : `invalid value: ${m}`));
  const hosts = optStringArray(entry, 'hosts', path, issues, routeHostProblem);
  const paths = optStringArray(entry, 'paths', path, issues, routePathProblem);
  const stripPath = optBoolean(entry, 'strip_path', path, issues);
  const preserveHost = optBoolean(entry, 'preserve_host', path, issues);
  const regexPriority = optInteger(entry, 'regex_priority', path, issues);
  optBoolean(entry, 'request_buffering', path, issues);
  optBoolean(entry, 'response_buffering', path, issues);
  readPathHandling(entry, path, issues);
  readRedirectStatus(entry, path, issues);
  const tags = optTags(entry, path, issues);
  optInteger(entry, 'created_at', path, issues);
  optInteger(entry, 'updated_at', path, issues);
  checkSomethingToMatch(entry, protocols ?? SERVED_PROTOCOLS, path, issues);

  let serviceRef: Reference | undefined;
  if (nested) {
    if (!isEmpty(entry.service)) issues.add(at(path, 'service'), 'a nested route belongs to the enclosing service; remove this field');
  } else {
    serviceRef = readReference(entry, 'service', path, issues);
    if (serviceRef === undefined && isEmpty(entry.service)) {
      issues.add(at(path, 'service'), 'required field missing (the local gateway proxies every route to a service)');
    }
  }
  const plugins = readNestedPlugins(entry, path, issues);

  return {
    path,
    givenId,
    name,
    serviceRef,
    plugins,
    fields: {
      ...(name !== undefined ? { name } : {}),
      paths: paths ?? [],
      ...(methods?.length ? { methods } : {}),
      ...(hosts?.length ? { hosts } : {}),
      strip_path: stripPath ?? true,
      preserve_host: preserveHost ?? false,
      regex_priority: regexPriority ?? 0,
      protocols: protocols ?? [...SERVED_PROTOCOLS],
      ...(tags !== undefined ? { tags } : {}),
    },
  };
}

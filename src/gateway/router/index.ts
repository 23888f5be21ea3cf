/**
 * The local gateway's router: Kong's traditional_compatible matching over the loaded routes
 * (methods, hosts, prefix and regex paths), and the upstream path Kong derives from the match.
 * @see kong/router/atc.lua (matching, set_upstream_uri) and kong/router/transform.lua
 */
import type { DeclarativeConfig, RouteEntity, ServiceEntity } from '../declarative/types';
import { splitHostPort } from '../declarative/host-names';
import { hostMatches, parseHostCondition, type HostCondition } from './host-match';
import { compileRegexPath, isRegexPath } from './path-pattern';
import { comparePriority, groupPaths, routePriority, type RoutePriority } from './route-priority';
import { joinUpstreamPath } from './upstream-path';
import { escapePath, routerPath } from './uri';

export { escapePath, normalizePath, routerPath } from './uri';

/** What `kong.request.get_uri_captures` returns: unnamed[0] is the whole match, then every group by number. */
export interface UriCaptures {
  named: Record<string, string>;
  unnamed: string[];
}

export interface RouteMatch {
  route: RouteEntity;
  service: ServiceEntity;
  /** Empty for prefix paths and for regexes without groups (Kong's has_capture). */
  uriCaptures: UriCaptures;
  /**
   * After strip_path, joined with service.path as Kong does, without query, percent-escaped as Kong
   * sends it (`ngx.var.upstream_uri = escape(upstream_uri)`).
   */
  upstreamPath: string;
  /** The normalised request path the router matched on (no query). */
  requestPath: string;
  /** The part of requestPath the route's path matched ('' for a route without paths). */
  matchedPath: string;
}

export interface RouteRequest {
  method: string;
  /** The Host header (a `:port` suffix is allowed). */
  host: string;
  /** The request target: path, optionally with `?query`. */
  path: string;
  /** The port the request came in on (Kong's net.dst.port); defaults to the Host header's port. */
  port?: number;
}

export interface Router {
  match(req: RouteRequest): RouteMatch | undefined;
}

type PathCondition = { kind: 'prefix'; prefix: string } | { kind: 'regex'; regex: RegExp };

/** One route restricted to one path group, as Kong's router holds it. */
interface Matcher {
  route: RouteEntity;
  service: ServiceEntity;
  priority: RoutePriority;
  order: number;
  methods?: ReadonlySet<string>;
  hosts?: readonly HostCondition[];
  paths: readonly PathCondition[];
}

interface PathHit {
  matchedPath: string;
  captures: UriCaptures;
}

const NO_CAPTURES: UriCaptures = { named: {}, unnamed: [] };

function pathCondition(path: string): PathCondition {
  return isRegexPath(path) ? { kind: 'regex', regex: compileRegexPath(path) } : { kind: 'prefix', prefix: path };
}

function regexCaptures(m: RegExpExecArray): UriCaptures {
  if (m.length <= 1) return { named: {}, unnamed: [] };
  const named: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.groups ?? {})) {
    if (value !== undefined) named[name] = value;
  }
  // A group that did not take part in the match is '' (PCRE gives false, Rust regex leaves a hole).
  return { named, unnamed: Array.from(m, (value) => value ?? '') };
}

function matchPath(conditions: readonly PathCondition[], path: string): PathHit | undefined {
  if (conditions.length === 0) return { matchedPath: '', captures: NO_CAPTURES };
  for (const condition of conditions) {
    switch (condition.kind) {
      case 'prefix':
        if (path.startsWith(condition.prefix)) return { matchedPath: condition.prefix, captures: NO_CAPTURES };
        break;
      case 'regex': {
        const m = condition.regex.exec(path);
        if (m) return { matchedPath: m[0], captures: regexCaptures(m) };
        break;
      }
    }
  }
  return undefined;
}

function buildMatchers(config: DeclarativeConfig): Matcher[] {
  const services = new Map(config.services.map((s) => [s.id, s]));
  const matchers: Matcher[] = [];
  for (const route of config.routes) {
    const service = services.get(route.service.id);
    if (!service || service.enabled === false) continue; // Kong does not route to a disabled service
    const groups = route.paths.length > 0 ? groupPaths(route.paths) : [[]];
    for (const group of groups) {
      matchers.push({
        route,
        service,
        priority: routePriority(route, group),
        order: matchers.length,
        methods: route.methods?.length ? new Set(route.methods) : undefined,
        hosts: route.hosts?.length ? route.hosts.map(parseHostCondition) : undefined,
        paths: group.map(pathCondition),
      });
    }
  }
  return matchers.sort((a, b) => comparePriority(a.priority, b.priority) || a.order - b.order);
}

export function createRouter(config: DeclarativeConfig): Router {
  const matchers = buildMatchers(config);
  return {
    match(req: RouteRequest): RouteMatch | undefined {
      const requestPath = routerPath(req.path);
      const hostPort = splitHostPort(req.host);
      const host = hostPort.host.toLowerCase();
      const port = req.port ?? hostPort.port;
      for (const matcher of matchers) {
        if (matcher.methods && !matcher.methods.has(req.method)) continue;
        if (matcher.hosts && !matcher.hosts.some((c) => hostMatches(c, host, port))) continue;
        const hit = matchPath(matcher.paths, requestPath);
        if (!hit) continue;
        const { route, service } = matcher;
        const joined = joinUpstreamPath(requestPath, hit.matchedPath || '/', route.strip_path, service.path);
        return {
          route,
          service,
          uriCaptures: hit.captures,
          upstreamPath: escapePath(joined),
          requestPath,
          matchedPath: hit.matchedPath,
        };
      }
      return undefined;
    },
  };
}

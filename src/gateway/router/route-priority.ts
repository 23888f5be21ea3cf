/**
 * The order in which Kong's traditional_compatible router tries routes. Kong packs these into one
 * 64-bit priority; comparing them as a tuple gives the same order:
 *   1. how many of methods / hosts / headers / paths / snis / sources / destinations are set,
 *   2. hosts set and none has a wildcard,
 *   3. number of header conditions (the local gateway routes on none),
 *   4. regex paths before prefix paths,
 *   5. regex_priority (regex routes only; higher first),
 *   6. prefix length (longest first).
 * A route whose paths mix regexes and prefix lengths is split in one matcher per group first, so
 * each group sorts on its own. Equal priorities keep the file's order (Kong's tie-break is by uuid).
 * @see kong/router/transform.lua (get_priority, split_routes_and_services_by_path)
 */
import type { RouteEntity } from '../declarative/types';
import { isRegexPath } from './path-pattern';

export type RoutePriority = readonly [
  matchWeight: number,
  plainHostOnly: number,
  headerCount: number,
  regexUrl: number,
  regexPriority: number,
  prefixLength: number,
];

/** Paths grouped as Kong splits a route: all regexes in one group, prefixes by length; first-seen order. */
export function groupPaths(paths: readonly string[]): string[][] {
  const groups = new Map<number, string[]>();
  for (const path of paths) {
    const key = isRegexPath(path) ? -1 : path.length;
    const group = groups.get(key);
    if (group) group.push(path);
    else groups.set(key, [path]);
  }
  return [...groups.values()];
}

function isSet(list: readonly unknown[] | undefined): boolean {
  return list !== undefined && list.length > 0;
}

/** The priority of a route restricted to one path group (`paths` empty: a route without paths). */
export function routePriority(route: RouteEntity, paths: readonly string[]): RoutePriority {
  const hasPaths = paths.length > 0;
  const matchWeight = [isSet(route.methods), isSet(route.hosts), hasPaths].filter(Boolean).length;
  const plainHostOnly = isSet(route.hosts) && !route.hosts!.some((h) => h.includes('*')) ? 1 : 0;
  const regexUrl = hasPaths && isRegexPath(paths[0]!);
  return [
    matchWeight,
    plainHostOnly,
    0,
    regexUrl ? 1 : 0,
    regexUrl ? route.regex_priority : 0,
    hasPaths && !regexUrl ? paths[0]!.length : 0,
  ];
}

/** Negative when `a` is tried before `b`. */
export function comparePriority(a: RoutePriority, b: RoutePriority): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return b[i]! - a[i]!;
  }
  return 0;
}

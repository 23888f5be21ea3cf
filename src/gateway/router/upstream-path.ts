/**
 * The upstream path Kong builds from the service path, the route's strip_path and the request path
 * (path_handling v0, the only one the traditional_compatible router has).
 * @see kong/router/utils.lua (get_upstream_uri_v0) and kong/router/atc.lua (set_upstream_uri)
 */
import { sanitizePostfix } from './uri';

/**
 * @param requestPath the normalised request path, without query
 * @param matchedPrefix the part of the path the route matched (prefix, or the regex's whole match)
 * @param stripPath the route's strip_path
 * @param servicePath the service path ('/' when unset)
 */
export function joinUpstreamPath(requestPath: string, matchedPrefix: string, stripPath: boolean, servicePath: string): string {
  const prefix = stripPath ? matchedPrefix : '/';
  const postfix = sanitizePostfix(requestPath.slice(prefix.length));
  const base = servicePath;
  const requestEndsWithSlash = requestPath.endsWith('/');

  if (base.endsWith('/')) {
    if (!stripPath) return base + requestPath.slice(1);
    if (postfix === '') {
      if (base === '/' || requestEndsWithSlash) return base;
      return base.slice(0, -1);
    }
    return postfix.startsWith('/') ? base.slice(0, -1) + postfix : base + postfix;
  }

  if (!stripPath) return requestPath === '/' ? base : base + requestPath;
  if (postfix === '') return requestPath.length > 1 && requestEndsWithSlash ? `${base}/` : base;
  return postfix.startsWith('/') ? base + postfix : `${base}/${postfix}`;
}

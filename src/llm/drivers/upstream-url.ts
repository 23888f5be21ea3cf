import type { ModelOptions } from '../types';
import { badRequest } from '../errors';

/**
 * Kong's rule for where a request goes: `options.upstream_url` replaces everything; otherwise the
 * provider's base URL plus `options.upstream_path` or the route type's default path.
 * Paths always get exactly one leading slash (a templated path may not have one).
 * @see kong/llm/drivers/openai.lua configure_request
 */
export function resolveUpstreamUrl(options: ModelOptions, base: string, defaultPath: string): URL {
  if (options.upstream_url) return parseUrl(options.upstream_url);
  const url = parseUrl(base);
  const path = options.upstream_path ?? defaultPath;
  url.pathname = joinPath(url.pathname, path);
  return url;
}

/** Joins a base path and a path with exactly one slash between them. */
export function joinPath(basePath: string, path: string): string {
  const head = basePath.replace(/\/+$/, '');
  const tail = path.replace(/^\/+/, '');
  return `${head}/${tail}`;
}

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw badRequest(`invalid upstream URL '${raw}'`);
  }
}

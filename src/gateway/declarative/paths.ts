/**
 * Path checks of Kong's schema: a service path (typedefs.path) and a route path
 * (typedefs.router_path: `/prefix`, normalised, or `~/regex` that compiles).
 * @see kong/db/schema/typedefs.lua (validate_path, validate_path_with_regexes, router_path)
 */
import { compileRegexPath, isRegexPath } from '../router/path-pattern';
import { normalizePath } from '../router/uri';

/** RFC 3986 unreserved, `%`, `/`, `:`, `@` and sub-delims. */
const PATH_CHARACTERS = /^\/[A-Za-z0-9._~/%:@!$&'()*+,;=-]*$/;

function percentProblem(path: string): string | undefined {
  const raw = path.replace(/%[0-9a-f]{2}/gi, '___');
  const bad = /%.?.?/.exec(raw);
  return bad ? `invalid url-encoded value: '${bad[0]}'` : undefined;
}

export function servicePathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'should start with: /';
  if (path.includes('//')) return 'must not have empty segments';
  if (!PATH_CHARACTERS.test(path)) {
    return `invalid path: '${path}' (characters outside of the reserved list of RFC 3986 found)`;
  }
  return percentProblem(path);
}

export function routePathProblem(path: string): string | undefined {
  if (!path.startsWith('/') && !path.startsWith('~/')) return 'should start with: / (fixed path) or ~/ (regex path)';
  if (path.includes('//')) return 'must not have empty segments';
  if (!isRegexPath(path)) {
    // Kong checks the encoding of prefix paths made of RFC 3986 characters only (validate_path returns
    // its first problem, and router_path ignores the character-set one).
    const percent = PATH_CHARACTERS.test(path) ? percentProblem(path) : undefined;
    if (percent) return percent;
    const normalized = normalizePath(path, true);
    return path === normalized ? undefined : `non-normalized path, consider use '${normalized}' instead`;
  }
  try {
    compileRegexPath(path);
    return undefined;
  } catch (err) {
    return `invalid regex: '${path.slice(1)}' (${(err as Error).message})`;
  }
}

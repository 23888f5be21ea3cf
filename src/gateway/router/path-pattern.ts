/**
 * Route paths: `/prefix` (plain string prefix, not segment-aware, as in Kong) or `~/regex`
 * (anchored at the start only: Kong prepends `^` to the expression as written).
 * @see kong/router/transform.lua (path_op_transform, path_val_transform)
 */

export function isRegexPath(path: string): boolean {
  return path.startsWith('~');
}

/**
 * `~/(?i)...` (case-insensitive from there on, as PCRE and Rust regex read it) becomes JavaScript's
 * `i` flag: the only character before it is the `/`, which has no case.
 */
const LEADING_CASE_INSENSITIVE = /^\/\(\?i\)/;

/**
 * Compiles a `~/...` route path as Kong's router does (`^` + expression). PCRE's `(?P<name>` and
 * `(?P=name)` are rewritten to JavaScript's `(?<name>` / `\k<name>`. Throws SyntaxError when invalid.
 */
export function compileRegexPath(path: string): RegExp {
  let source = path.slice(1).replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  const ignoreCase = LEADING_CASE_INSENSITIVE.test(source);
  if (ignoreCase) source = source.replace(LEADING_CASE_INSENSITIVE, '/');
  return new RegExp(`^${source}`, ignoreCase ? 'i' : '');
}

/**
 * Route paths: `/prefix` (plain string prefix, not segment-aware, as in Kong) or `~/regex`
 * (anchored at the start only: Kong prepends `^` to the expression as written).
 * @see kong/router/transform.lua (path_op_transform, path_val_transform)
 */

export function isRegexPath(path: string): boolean {
  return path.startsWith('~');
}

/**
 * Compiles a `~/...` route path as Kong's router does (`^` + expression). PCRE's `(?P<name>` and
 * `(?P=name)` are rewritten to JavaScript's `(?<name>` / `\k<name>`. Throws SyntaxError when invalid.
 */
export function compileRegexPath(path: string): RegExp {
  const source = path.slice(1).replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  return new RegExp(`^${source}`);
}

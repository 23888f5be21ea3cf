/**
 * `kong.request.get_path()`: the raw path normalized as Kong's router sees it — percent-encoded
 * unreserved characters decoded, `.`/`..` segments resolved, repeated slashes merged.
 * @see https://github.com/Kong/kong/blob/master/kong/tools/uri.lua (normalize)
 */

const UNRESERVED = /[A-Za-z0-9\-._~]/;

function decodeUnreserved(path: string): string {
  return path.replace(/%([0-9a-fA-F]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

export function normalizePath(rawPath: string): string {
  const decoded = decodeUnreserved(rawPath).replace(/\/{2,}/g, '/');
  const out: string[] = [];
  const segments = decoded.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '.') {
      if (last) out.push('');
    } else if (segment === '..') {
      if (out.length > 1) out.pop();
      if (last) out.push('');
    } else {
      out.push(segment);
    }
  }
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/**
 * Kong's URI normalisation (what the router matches on) and escaping (what is sent upstream).
 * Paths are handled as byte strings (one char per byte, as Node gives `req.url`): a decoded
 * `%C3%A9` becomes two chars, and escaping turns them back into the same two triplets.
 * @see kong/tools/uri.lua (normalize, escape) and kong/router/utils.lua (sanitize_uri_postfix)
 */

/** RFC 3986 reserved characters (and `%`): their triplets stay encoded, upper-cased. */
const RESERVED = new Set("!*'();:@&=+$,/?%#[]".split('').map((c) => c.charCodeAt(0)));

/** Characters sent as they are; everything else is percent-encoded (Kong's ESCAPE_PATTERN, case-insensitive). */
const SAFE = /[!#$&'()*+,/:;=?@[\]A-Za-z0-9\-_.~%]/;

function decodeTriplet(triplet: string, hex: string): string {
  const code = parseInt(hex, 16);
  return RESERVED.has(code) ? triplet.toUpperCase() : String.fromCharCode(code);
}

/**
 * Kong's `normalize(uri, merge_slashes)`: decodes the triplets of unreserved and other characters,
 * removes dot segments (RFC 3986 §5.2.4) and, with mergeSlashes, collapses `//`.
 */
export function normalizePath(uri: string, mergeSlashes = true): string {
  if (uri === '' || uri === '/') return uri;
  let rest = uri.includes('%') ? uri.replace(/%([0-9a-f]{2})/gi, decodeTriplet) : uri;
  if (!rest.includes('.') && !(mergeSlashes && rest.includes('//'))) return rest;

  const output: string[] = [];
  while (rest.length > 0) {
    if (rest === '/.' || rest === '/..') {
      if (rest === '/..') output.pop();
      rest = '/';
    } else if (rest === '.' || rest === '..') {
      rest = '';
    } else if (rest.startsWith('../')) {
      rest = rest.slice(3);
    } else if (rest.startsWith('./')) {
      rest = rest.slice(2);
    } else if (rest.startsWith('/./')) {
      rest = rest.slice(2);
    } else if (rest.startsWith('/../')) {
      rest = rest.slice(3);
      output.pop();
    } else if (mergeSlashes && rest.startsWith('//')) {
      rest = rest.slice(1);
    } else {
      const next = rest.indexOf('/', 1);
      output.push(next === -1 ? rest : rest.slice(0, next));
      rest = next === -1 ? '' : rest.slice(next);
    }
  }
  return output.join('');
}

/** Kong's `escape`: percent-encodes every byte outside the safe set (chars above U+00FF as UTF-8). */
export function escapePath(uri: string): string {
  let out = '';
  for (const char of uri) {
    if (SAFE.test(char)) {
      out += char;
      continue;
    }
    const code = char.codePointAt(0)!;
    const bytes = code <= 0xff ? [code] : [...Buffer.from(char, 'utf8')];
    for (const byte of bytes) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The request path without its query string, normalised as the router sees it (strip_uri_args). */
export function routerPath(requestUri: string): string {
  const query = requestUri.indexOf('?', 1);
  return normalizePath(query === -1 ? requestUri : requestUri.slice(0, query), true);
}

/** Kong's sanitize_uri_postfix: a postfix made only of dots, or starting with `./` / `../`, loses them. */
export function sanitizePostfix(postfix: string): string {
  if (postfix === '') return postfix;
  if (postfix === '.' || postfix === '..') return '';
  if (postfix.startsWith('./')) return postfix.slice(2);
  if (postfix.startsWith('../')) return postfix.slice(3);
  return postfix;
}

/**
 * `.dockerignore` matching, enough to tell whether a path the Dockerfile copies is left out of the
 * build context: Go filepath.Match globs (`*`, `?`, `[...]`) plus `**` for any number of
 * directories, `!` exceptions, the last matching pattern deciding. A pattern that matches a
 * directory excludes everything under it.
 * @see https://docs.docker.com/build/concepts/context/#dockerignore-files
 */

export interface IgnoreRule {
  pattern: string;
  exclude: boolean;
  regex: RegExp;
}

/** Cleans a pattern as Docker does: no leading `/` or `./`, no trailing `/`. */
function cleanPattern(pattern: string): string {
  return pattern.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

function globToRegex(pattern: string): RegExp {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*' && pattern.charAt(i + 1) === '*') {
      // `**/` or a trailing `**`: any number of path segments, including none.
      if (pattern.charAt(i + 2) === '/') {
        src += '(?:.*/)?';
        i += 2;
      } else {
        src += '.*';
        i += 1;
      }
    } else if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) throw new Error(`unterminated [ in .dockerignore pattern: ${pattern}`);
      src += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else src += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // Matching a directory excludes what it holds.
  return new RegExp(`^${src}(?:/.*)?$`);
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exclude = !line.startsWith('!');
    const pattern = cleanPattern(exclude ? line : line.slice(1).trim());
    if (pattern === '') continue;
    rules.push({ pattern, exclude, regex: globToRegex(pattern) });
  }
  return rules;
}

/** Whether a context-relative path (`src/cli.ts`, `dist`) is left out of the build context. */
export function isIgnored(relativePath: string, rules: readonly IgnoreRule[]): boolean {
  const target = cleanPattern(relativePath);
  let ignored = false;
  for (const rule of rules) if (rule.regex.test(target)) ignored = rule.exclude;
  return ignored;
}

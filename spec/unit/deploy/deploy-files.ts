/**
 * The repository's deployment files, loaded once for the deploy tests, and the facts that tie the
 * image's paths to the repository's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../../helpers/paths';
import type { BaseImageFiles, BuildOutputs } from './checks';

/** Where the Dockerfile installs the package (package.json, node_modules, dist) in the Kong image. */
export const INSTALL_ROOT = '/opt/ai-proxy-js';

/** What the build stage makes with its RUNs, relative to its WORKDIR. */
export const BUILD_OUTPUTS: BuildOutputs = { dist: 'npm run build', node_modules: 'npm ci' };

/** Files the official node image holds (its `node` binary is copied into the Kong image). */
export const BASE_IMAGE_FILES: BaseImageFiles = { node: ['/usr/local/bin/node'] };

export function readRepoFile(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, name), 'utf8');
}

export function readYaml(name: string): unknown {
  return parseYaml(readRepoFile(name));
}

/** A path inside the image under INSTALL_ROOT, as the same path in this checkout; undefined outside it. */
export function repoPathOf(imagePath: string): string | undefined {
  const relative = path.posix.relative(INSTALL_ROOT, imagePath);
  if (relative.startsWith('..') || path.posix.isAbsolute(relative)) return undefined;
  return path.join(REPO_ROOT, relative);
}

/** Every image path under INSTALL_ROOT in a command line, rewritten to this checkout. */
export function localizeCommand(words: readonly string[]): string[] {
  return words.map((w) => {
    if (w.startsWith('/')) return repoPathOf(w) ?? w;
    const eq = w.indexOf('=');
    if (eq > 0 && w.charAt(eq + 1) === '/') {
      const mapped = repoPathOf(w.slice(eq + 1));
      return mapped === undefined ? w : `${w.slice(0, eq + 1)}${mapped}`;
    }
    return w;
  });
}

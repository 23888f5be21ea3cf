import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/package-root';

/** The repository root (the folder holding package.json), found from the compiled test's location. */
export const REPO_ROOT = packageRoot(__dirname);
/** Our own test data (read from the source tree; not compiled). */
export const FIXTURES = path.join(REPO_ROOT, 'spec', 'fixtures');
/** Compiled code. */
export const DIST = path.join(REPO_ROOT, 'dist');
/** The folder kong-js-pluginserver / our plugin server load plugins from. */
export const PLUGINS_DIR = path.join(DIST, 'plugins');
/** Kong's docs for this plugin, beside the repository (read-only reference data, not committed). */
export const SHARED_REFERENCE = path.join(REPO_ROOT, '..', 'shared', 'reference');

export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

export function readFixture(...parts: string[]): string {
  return fs.readFileSync(fixturePath(...parts), 'utf8');
}

export function readJsonFixture<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFixture(...parts)) as T;
}

/**
 * Where the benchmarks find things. They run compiled from `dist/bench/`, but read their fixtures
 * from the source tree (`bench/fixtures/`) and load the compiled plugin from `dist/plugins/`.
 */
import fs from 'node:fs';
import path from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bench'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${start}`);
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const BENCH_DIR = path.join(REPO_ROOT, 'bench');
export const DIST_BENCH_DIR = path.join(REPO_ROOT, 'dist', 'bench');
/** Only plugin entry folders, as kong-js-pluginserver wants its `-d` directory. */
export const PLUGINS_DIR = path.join(REPO_ROOT, 'dist', 'plugins');

export function readBenchFixture(name: string): string {
  return fs.readFileSync(path.join(BENCH_DIR, 'fixtures', name), 'utf8');
}

export function readBenchJson<T>(name: string): T {
  return JSON.parse(readBenchFixture(name)) as T;
}

/**
 * Runs every benchmark, each in its own Node process (fresh heap and JIT, and a crash stays its
 * own), and writes bench/RESULTS.md: the command, date, machine, commit, a short reading of the
 * numbers, then each benchmark's tables.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/run.js [--only translate,gateway,memory]`
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeMachine } from './lib/machine';
import { BENCH_DIR, DIST_BENCH_DIR, REPO_ROOT } from './lib/paths';
import { readingOf } from './lib/reading';
import { JSON_MARKER, progress, renderSection, type BenchSection } from './lib/section';

const BENCHMARKS = [
  { id: 'translate', script: 'translate.js', args: [] as string[] },
  { id: 'gateway', script: 'gateway.js', args: ['--requests', '2000'] },
  { id: 'memory', script: 'memory.js', args: ['--requests', '20000'] },
] as const;

const RUN_COMMAND = 'npx tsc -p tsconfig.json && node dist/bench/run.js';

function selected(argv: readonly string[]): Set<string> {
  const at = argv.indexOf('--only');
  const ids = at === -1 ? BENCHMARKS.map((b) => b.id) : (argv[at + 1] ?? '').split(',');
  for (const id of ids) if (!BENCHMARKS.some((b) => b.id === id)) throw new Error(`unknown benchmark '${id}' (known: ${BENCHMARKS.map((b) => b.id).join(', ')})`);
  return new Set(ids);
}

/** Runs one benchmark script with `--json`; its progress goes to our stderr, its section comes back. */
function runBenchmark(script: string, args: readonly string[]): Promise<BenchSection> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(DIST_BENCH_DIR, script), ...args, '--json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(JSON_MARKER));
      if (code !== 0 || line === undefined) {
        reject(new Error(`${script} failed (${code ?? signal})${out ? `: ${out.slice(-500)}` : ''}`));
        return;
      }
      resolve(JSON.parse(line.slice(JSON_MARKER.length)) as BenchSection);
    });
  });
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function render(sections: readonly BenchSection[], startedAt: Date, commit: string): string {
  const reading = readingOf(new Map(sections.map((s) => [s.id, s.facts])));
  const cores = os.availableParallelism();
  const busiest = Math.max(...sections.map((s) => Math.max(s.load?.before ?? 0, s.load?.after ?? 0)));
  const busy =
    busiest > cores
      ? `The machine was shared while these ran (1-min load average up to ${busiest.toFixed(1)} on ${cores} cores): latencies include time spent waiting for a core, and CPU times the cost of shared caches. Compare rows measured side by side (ours and kong-pdk's, each gateway run and its mock-directly run) rather than separate runs; the counts (PDK calls, RPCs, events held) do not depend on load.`
      : '';
  return [
    '# Benchmark results',
    '',
    `Produced by \`${RUN_COMMAND}\` (from the repository root) on ${startedAt.toISOString()}, at commit ${commit}.`,
    `Machine: ${describeMachine()}.`,
    'Each benchmark ran in its own process; its own command is under its heading. All traffic is on 127.0.0.1. Benchmarks are run by hand, never by the test suite.',
    '',
    '## Reading',
    '',
    ...reading.map((line) => `- ${line}`),
    ...(busy ? ['', busy] : []),
    '',
    ...sections.map((s) => renderSection(s)),
  ].join('\n');
}

async function main(): Promise<void> {
  const only = selected(process.argv.slice(2));
  const startedAt = new Date();
  const commit = gitCommit();
  const sections: BenchSection[] = [];
  for (const bench of BENCHMARKS) {
    if (!only.has(bench.id)) continue;
    progress(`== ${bench.id}`);
    sections.push(await runBenchmark(bench.script, bench.args));
  }
  const file = path.join(BENCH_DIR, 'RESULTS.md');
  fs.writeFileSync(file, render(sections, startedAt, commit));
  progress(`wrote ${path.relative(REPO_ROOT, file)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});

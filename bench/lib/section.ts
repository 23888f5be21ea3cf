/**
 * What one benchmark hands back: a markdown section for RESULTS.md and the few numbers the
 * summary reads from it. Run alone, a benchmark prints its markdown; `bench/run.ts` runs each in
 * its own process with `--json` (a fresh heap and JIT per benchmark) and reads the JSON line.
 */
import os from 'node:os';

export interface BenchSection {
  id: string;
  title: string;
  /** The exact command that produced the section, from the repository root. */
  command: string;
  markdown: string;
  /** Named numbers the summary quotes (ms, µs, counts, bytes). */
  facts: Record<string, number>;
  /** 1-minute load average before and after the run: other work on the machine skews latencies. */
  load?: { before: number; after: number };
}

/** The section as markdown, headed by its command and the machine's load during the run. */
export function renderSection(section: BenchSection, level = '##'): string {
  const load = section.load ? ` — 1-min load average ${section.load.before.toFixed(1)} before, ${section.load.after.toFixed(1)} after, on ${os.availableParallelism()} cores` : '';
  return `${level} ${section.title}\n\n\`${section.command}\`${load}\n\n${section.markdown}\n`;
}

/** The marker before the JSON line, so progress lines on stdout can never be mistaken for it. */
export const JSON_MARKER = '@@bench-section@@';

export function wantsJson(argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes('--json');
}

/** `--name N` from argv as a positive integer, else the fallback. */
export function intOption(name: string, fallback: number, argv: readonly string[] = process.argv.slice(2)): number {
  const at = argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer, got ${argv[at + 1]}`);
  return value;
}

export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Runs a benchmark's `main` as a script: prints the section (markdown, or the JSON line) and sets the exit code. */
export function runAsScript(main: () => Promise<BenchSection>): void {
  const before = os.loadavg()[0];
  main().then(
    (section) => {
      const measured: BenchSection = { ...section, load: { before, after: os.loadavg()[0] } };
      if (wantsJson()) process.stdout.write(`${JSON_MARKER}${JSON.stringify(measured)}\n`);
      else process.stdout.write(renderSection(measured));
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

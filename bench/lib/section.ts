/**
 * What one benchmark hands back: a markdown section for RESULTS.md and the few numbers the
 * summary reads from it. Run alone, a benchmark prints its markdown; `bench/run.ts` runs each in
 * its own process with `--json` (a fresh heap and JIT per benchmark) and reads the JSON line.
 */

export interface BenchSection {
  id: string;
  title: string;
  /** The exact command that produced the section, from the repository root. */
  command: string;
  markdown: string;
  /** Named numbers the summary quotes (ms, µs, counts, bytes). */
  facts: Record<string, number>;
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
  main().then(
    (section) => {
      if (wantsJson()) process.stdout.write(`${JSON_MARKER}${JSON.stringify(section)}\n`);
      else process.stdout.write(`## ${section.title}\n\n\`${section.command}\`\n\n${section.markdown}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

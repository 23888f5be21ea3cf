/**
 * Just enough of a Dockerfile reader for static checks: instructions with line continuations and
 * comments, ARG/ENV key-value pairs, build stages with ARG-substituted base images, and COPY's
 * flags, sources and destination.
 * @see https://docs.docker.com/reference/dockerfile/
 */

export interface DockerInstruction {
  /** Upper-cased keyword: FROM, COPY, ENV, RUN… */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

export interface DockerStage {
  /** The base image after substituting global ARG defaults (`kong/kong-gateway:3.12`). */
  image: string;
  /** `AS <name>`, if any. */
  alias?: string;
  index: number;
  instructions: DockerInstruction[];
}

export interface CopyInstruction {
  /** The stage (alias or index) named by `--from`, if any. */
  from?: string;
  sources: string[];
  destination: string;
  line: number;
}

/**
 * Splits the file into instructions. A trailing backslash continues the instruction on the next
 * line; comment lines and blank lines are dropped.
 */
export function parseDockerfile(text: string): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    // Docker skips comment and empty lines, also between continuation lines.
    if (trimmed.startsWith('#') || trimmed === '') return;
    const continues = trimmed.endsWith('\\');
    const content = continues ? trimmed.slice(0, -1).trimEnd() : trimmed;
    if (pending === undefined) pending = { parts: [], line: i + 1 };
    if (content !== '') pending.parts.push(content);
    if (continues) return;
    const joined = pending.parts.join(' ');
    const m = /^(\S+)\s*(.*)$/.exec(joined);
    if (m?.[1]) out.push({ keyword: m[1].toUpperCase(), args: m[2] ?? '', line: pending.line });
    pending = undefined;
  });
  return out;
}

/**
 * Shell-like word splitting: whitespace separates words, single and double quotes group (and are
 * removed), a backslash escapes the next character outside single quotes.
 */
export function splitWords(input: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < input.length; i++) {
    const c = input.charAt(i);
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < input.length) word += input.charAt(++i);
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < input.length) {
      word += input.charAt(++i);
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new Error(`unterminated ${quote} quote in: ${input}`);
  if (inWord) words.push(word);
  return words;
}

/**
 * ARG / ENV arguments as key → value. `K=V K2="v 2"` pairs; the legacy `ENV K some value` form;
 * a bare `ARG K` (no default) maps to undefined.
 */
export function parseKeyValues(args: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const words = splitWords(args);
  const first = words[0];
  if (first !== undefined && !first.includes('=') && words.length > 1) {
    out.set(first, words.slice(1).join(' '));
    return out;
  }
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq < 0) out.set(w, undefined);
    else out.set(w.slice(0, eq), w.slice(eq + 1));
  }
  return out;
}

/** `${NAME}` and `$NAME` replaced from `vars`; unknown names are left as written. */
export function substitute(value: string, vars: ReadonlyMap<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const v = vars.get(braced ?? bare ?? '');
    return v ?? whole;
  });
}

/** The build stages; ARGs declared before the first FROM are the ones FROM lines may use. */
export function parseStages(instructions: readonly DockerInstruction[]): DockerStage[] {
  const globalArgs = new Map<string, string | undefined>();
  const stages: DockerStage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const words = splitWords(ins.args).filter((w) => !w.startsWith('--'));
      const image = substitute(words[0] ?? '', globalArgs);
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      const alias = asIndex >= 0 ? words[asIndex + 1] : undefined;
      stages.push({ image, alias, index: stages.length, instructions: [] });
      continue;
    }
    const current = stages[stages.length - 1];
    if (current) current.instructions.push(ins);
    else if (ins.keyword === 'ARG') for (const [k, v] of parseKeyValues(ins.args)) globalArgs.set(k, v);
  }
  return stages;
}

/** COPY / ADD: `--flag=value` options, then sources and a destination (shell or JSON form). */
export function parseCopy(ins: DockerInstruction): CopyInstruction {
  let words: string[];
  const flags: string[] = [];
  let rest = ins.args.trim();
  while (rest.startsWith('--')) {
    const m = /^(\S+)\s*(.*)$/.exec(rest);
    flags.push(m?.[1] ?? rest);
    rest = m?.[2] ?? '';
  }
  if (rest.startsWith('[')) {
    const parsed: unknown = JSON.parse(rest);
    if (!Array.isArray(parsed) || !parsed.every((w): w is string => typeof w === 'string')) {
      throw new Error(`line ${ins.line}: ${ins.keyword} JSON form must be an array of strings`);
    }
    words = parsed;
  } else {
    words = splitWords(rest);
  }
  if (words.length < 2) throw new Error(`line ${ins.line}: ${ins.keyword} needs a source and a destination`);
  const fromFlag = flags.find((f) => f.startsWith('--from='));
  return {
    from: fromFlag?.slice('--from='.length),
    sources: words.slice(0, -1),
    destination: words[words.length - 1] ?? '',
    line: ins.line,
  };
}

/** The environment a stage ends with: its base's unknown, so only what the stage's ENV sets. */
export function stageEnv(stage: DockerStage): Map<string, string> {
  const env = new Map<string, string>();
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'ENV') continue;
    for (const [k, v] of parseKeyValues(ins.args)) env.set(k, substitute(v ?? '', env));
  }
  return env;
}

/** The last WORKDIR of a stage up to (not including) the given line; `/` when none. */
export function workdirAt(stage: DockerStage, line: number): string {
  let dir = '/';
  for (const ins of stage.instructions) {
    if (ins.line >= line) break;
    if (ins.keyword === 'WORKDIR') {
      const target = ins.args.trim();
      dir = target.startsWith('/') ? target : `${dir.replace(/\/$/, '')}/${target}`;
    }
  }
  return dir;
}

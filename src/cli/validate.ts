/**
 * `ai-proxy-js validate <kong.yml|config.json|config.yaml>`: exit 0 and print `ok: ...` naming what
 * was validated, or exit 1 with one `path: message` line per problem on stderr.
 *
 * Values are never printed: the messages name fields and allowed values only, and a file that does
 * not parse is reported by position, without the YAML parser's source excerpt (it may hold a key).
 */
import fs from 'node:fs';
import { parseDocument } from 'yaml';
import { validateDocument, type DocumentReport, type ValidatedConfig } from '../llm/config/document';
import { formatIssues } from '../llm/config/issues';

const USAGE = 'usage: ai-proxy-js validate <kong.yml|config.json|config.yaml>\n';

/** Thrown for a file that cannot be read or parsed; its message is safe to print. */
class InputError extends Error {}

/** YAML (hence JSON, a subset) → value; errors by code and position only. */
function parseFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`${file}: cannot read file (${code})`);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  const [first] = doc.errors;
  if (first) {
    const at = first.linePos?.[0];
    const where = at ? `:${at.line}:${at.col}` : '';
    throw new InputError(`${file}${where}: not valid YAML or JSON (${first.code})`);
  }
  return doc.toJS() as unknown;
}

/** `openai llm/v1/chat`: what a valid config serves (no other value of it is printed). */
function summary(validated: ValidatedConfig): string {
  const config = validated.config;
  return config ? `${config.model.provider} ${config.route_type}` : 'invalid';
}

/** What an `ok` line says was validated. */
function describeValidated(file: string, report: DocumentReport): string {
  switch (report.kind) {
    case 'plugin-config':
      return `ok: ${file}: ai-proxy-js plugin config (${summary(report.configs[0])})`;
    case 'declarative': {
      const entries = report.configs.map((c) => `${c.location} (${c.plugin ?? 'ai-proxy-js'}: ${summary(c)})`);
      if (entries.length === 0) return `ok: ${file}: Kong declarative file with no ai-proxy-js or ai-proxy plugin entries`;
      const noun = entries.length === 1 ? 'plugin entry' : 'plugin entries';
      return `ok: ${file}: ${entries.length} ${noun}: ${entries.join(', ')}`;
    }
  }
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [file, ...extra] = argv;
  if (!file || extra.length > 0) {
    process.stderr.write(USAGE);
    return 1;
  }
  let report: DocumentReport;
  try {
    report = validateDocument(parseFile(file));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const issues = report.configs.flatMap((c) => c.issues);
  if (issues.length > 0) {
    process.stderr.write(`${formatIssues(issues)}\n`);
    return 1;
  }
  process.stdout.write(`${describeValidated(file, report)}\n`);
  return 0;
}

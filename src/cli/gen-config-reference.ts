/**
 * Writes the configuration reference generated from schema/ai-proxy-js.schema.json into README.md,
 * between the `config-reference` markers only. `--check` writes nothing and exits 1 when the
 * README's region is stale.
 *
 *   node dist/src/cli/gen-config-reference.js [--check] [--readme PATH]
 */
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_COMMAND, renderConfigReference, replaceReferenceRegion } from '../llm/config/reference';
import { packageRoot } from '../package-root';

const USAGE = 'usage: node dist/src/cli/gen-config-reference.js [--check] [--readme PATH]\n';

interface Options {
  check: boolean;
  readme: string;
}

function parseArgs(argv: string[]): Options | undefined {
  const options: Options = { check: false, readme: path.join(packageRoot(__dirname), 'README.md') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') options.check = true;
    else if (arg === '--readme' && argv[i + 1]) options.readme = path.resolve(argv[++i]!);
    else return undefined;
  }
  return options;
}

export async function run(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (!options) {
    process.stderr.write(USAGE);
    return 1;
  }
  const current = fs.readFileSync(options.readme, 'utf8');
  const updated = replaceReferenceRegion(current, renderConfigReference());
  if (updated === current) {
    process.stdout.write(`${options.readme}: configuration reference is up to date\n`);
    return 0;
  }
  if (options.check) {
    process.stderr.write(`${options.readme}: configuration reference is stale; run \`${REFERENCE_COMMAND}\`\n`);
    return 1;
  }
  fs.writeFileSync(options.readme, updated);
  process.stdout.write(`${options.readme}: configuration reference written\n`);
  return 0;
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`gen-config-reference: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

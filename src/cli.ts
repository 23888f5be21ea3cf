#!/usr/bin/env node
/**
 * ai-proxy-js command line (contract in DESIGN.md). Each sub-command lives in src/cli/<name>.ts and
 * exports `run(argv): Promise<number>` (the exit code); it is loaded only when used.
 */
import path from 'node:path';

const COMMANDS: Record<string, string> = {
  serve: 'the local Kong-compatible gateway: serve [kong.yml] [--port 8000]',
  'mock-llm': 'mock provider upstreams: mock-llm [--port 9000] [--key mock-key]',
  dev: 'gateway + mock together, on the repository kong.yml (what `npm start` runs)',
  validate: 'validate a plugin config or kong.yml: validate <file>',
  translate: 'show a translation: translate request|response --config <file> [...]',
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(10)} ${text}`);
  return `usage: ai-proxy-js <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage());
    return command ? 0 : 1;
  }
  if (!(command in COMMANDS)) {
    process.stderr.write(`ai-proxy-js: unknown command '${command}'\n\n${usage()}`);
    return 1;
  }
  const modulePath = path.join(__dirname, 'cli', command);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as { run(argv: string[]): Promise<number> };
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ai-proxy-js: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

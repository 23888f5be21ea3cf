/**
 * `ai-proxy-js mock-llm [--port 9000] [--host 127.0.0.1] [--key mock-key]`: the mock provider
 * upstreams (src/mock) until SIGINT/SIGTERM. Prints its URL and every path it answers.
 */
import { parseArgs } from 'node:util';
import { CONTROL_HEADERS, PROVIDER_PATHS, startMockLlm, type MockLlm } from '../mock';
import { untilStopSignal } from './signals';

const USAGE = 'usage: ai-proxy-js mock-llm [--port 9000] [--host 127.0.0.1] [--key mock-key]\n';
const DEFAULT_KEY = 'mock-key';

interface MockLlmArgs {
  port: number;
  host: string;
  key: string;
}

function parse(argv: string[]): MockLlmArgs | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '9000' },
        host: { type: 'string', default: '127.0.0.1' },
        key: { type: 'string', default: DEFAULT_KEY },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  if (values.help) return '';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return `--port expects 0..65535, got '${values.port}'`;
  if (values.key === '') return '--key must not be empty';
  return { port, host: values.host, key: values.key };
}

/** The banner: where the mock listens and what it answers (the key itself is never printed). */
export function describe(mock: MockLlm, customKey: boolean): string {
  const lines = [`mock-llm listening on ${mock.url}`, customKey ? 'credential: the --key value' : `credential: ${DEFAULT_KEY} (default)`, ''];
  for (const { provider, paths } of PROVIDER_PATHS) {
    lines.push(`${provider}:`);
    for (const p of paths) lines.push(`  ${p}`);
  }
  lines.push('', 'request headers that steer an answer:');
  const width = Math.max(...CONTROL_HEADERS.map((c) => c.header.length));
  for (const c of CONTROL_HEADERS) lines.push(`  ${c.header.padEnd(width)}  ${c.effect}`);
  return `${lines.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (typeof args === 'string') {
    if (args === '') {
      process.stdout.write(USAGE);
      return 0;
    }
    process.stderr.write(`mock-llm: ${args}\n${USAGE}`);
    return 1;
  }
  const mock = await startMockLlm({ port: args.port, host: args.host, key: args.key });
  process.stdout.write(describe(mock, args.key !== DEFAULT_KEY));
  const signal = await untilStopSignal();
  process.stderr.write(`mock-llm: ${signal}, closing\n`);
  await mock.close();
  return 0;
}

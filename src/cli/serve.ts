/**
 * `ai-proxy-js serve [kong.yml] [--port 8000] [--host 127.0.0.1] [--log-file F]
 * [--plugin-server ai-proxy-js|kong-pdk] [--plugins-dir D]`: the local Kong-compatible gateway.
 * Prints the listening URL on its first stdout line; the access log goes to stdout (one JSON line
 * per request) or to the log file. Stops cleanly on SIGINT / SIGTERM.
 */
import { DeclarativeConfigError } from '../gateway/declarative/types';
import { startGateway, type GatewayOptions, type PluginServerChoice } from '../gateway';
import { untilStopSignal } from './signals';

const USAGE = `usage: ai-proxy-js serve [kong.yml] [--port 8000] [--host 127.0.0.1] [--log-file FILE]
                         [--plugin-server ai-proxy-js|kong-pdk] [--plugins-dir DIR]
`;

export interface ServeOptions {
  config: string;
  port: number;
  host: string;
  logFile?: string;
  pluginServer: PluginServerChoice;
  pluginsDir?: string;
}

export type ParsedServeArgs = { kind: 'run'; options: ServeOptions } | { kind: 'help' } | { kind: 'error'; message: string };

const VALUE_FLAGS = new Set(['--port', '--host', '--log-file', '--plugin-server', '--plugins-dir']);

export function parseServeArgs(argv: readonly string[]): ParsedServeArgs {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return { kind: 'error', message: `option '${flag}' needs a value` };
      values.set(flag, value);
    } else if (arg.startsWith('-')) {
      return { kind: 'error', message: `unknown option '${arg}'` };
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1) return { kind: 'error', message: `one config file expected, got ${positional.length}` };
  const port = Number(values.get('--port') ?? '8000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { kind: 'error', message: `invalid port '${values.get('--port')}'` };
  const pluginServer = values.get('--plugin-server') ?? 'ai-proxy-js';
  if (pluginServer !== 'ai-proxy-js' && pluginServer !== 'kong-pdk') {
    return { kind: 'error', message: `--plugin-server must be ai-proxy-js or kong-pdk, not '${pluginServer}'` };
  }
  return {
    kind: 'run',
    options: {
      config: positional[0] ?? 'kong.yml',
      port,
      host: values.get('--host') ?? '127.0.0.1',
      logFile: values.get('--log-file'),
      pluginServer,
      pluginsDir: values.get('--plugins-dir'),
    },
  };
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseServeArgs(argv);
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'error':
      process.stderr.write(`ai-proxy-js serve: ${parsed.message}\n${USAGE}`);
      return 1;
    case 'run':
      break;
  }
  const { options } = parsed;
  const gatewayOptions: GatewayOptions = {
    config: options.config,
    port: options.port,
    host: options.host,
    pluginServer: options.pluginServer,
    log: options.logFile !== undefined ? { file: options.logFile } : 'stdout',
    ...(options.pluginsDir !== undefined ? { pluginsDir: options.pluginsDir } : {}),
  };
  const signal = untilStopSignal();
  let gateway;
  try {
    gateway = await startGateway(gatewayOptions);
  } catch (err) {
    if (err instanceof DeclarativeConfigError) {
      process.stderr.write(`ai-proxy-js serve: ${err.message}\n`);
      return 1;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined && options.logFile !== undefined && (err as NodeJS.ErrnoException).path === options.logFile) {
      process.stderr.write(`ai-proxy-js serve: cannot open the log file ${options.logFile} (${code})\n`);
      return 1;
    }
    throw err;
  }
  process.stdout.write(`ai-proxy-js gateway listening on ${gateway.url}\n`);
  const received = await signal;
  process.stderr.write(`ai-proxy-js serve: ${received}: finishing in-flight requests\n`);
  await gateway.close();
  return 0;
}

#!/usr/bin/env node
/**
 * `ai-proxy-js-pluginserver`: a drop-in for kong-pdk's `kong-js-pluginserver` (same flags, socket
 * and dump output) that frees events ended by `kong.response.exit`. Kong config:
 *   pluginserver_names = js
 *   pluginserver_js_socket = /usr/local/kong/js_pluginserver.sock
 *   pluginserver_js_start_cmd = ai-proxy-js-pluginserver -d /path/to/dist/plugins
 *   pluginserver_js_query_cmd = ai-proxy-js-pluginserver -d /path/to/dist/plugins --dump-all-plugins
 */
import fs from 'node:fs';
import path from 'node:path';
import { encode } from '@msgpack/msgpack';
import { parseArgs } from './cli-options';
import { listen } from './listener';
import { createLogger, levelForVerbosity } from './logger';
import { pluginInfo } from './plugin-module';
import { PluginServer } from './server';

function version(): string {
  const pkg = require('../../../package.json') as { version?: string };
  return pkg.version ?? '0.0.0';
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(parsed.text);
      return 0;
    case 'version':
      process.stdout.write(`${version()}\n`);
      return 0;
    case 'error':
      process.stderr.write(`error: ${parsed.message}\n`);
      return 1;
    case 'run':
      break;
  }
  const opts = parsed.options;
  const logger = createLogger(levelForVerbosity(opts.verbose));
  const server = new PluginServer(opts.pluginsDirectory, logger);

  if (opts.dumpPluginInfo !== undefined) {
    // kong-pdk dumps one plugin as msgpack…
    process.stdout.write(encode(server.getPluginInfo(opts.dumpPluginInfo)));
    server.close();
    return 0;
  }
  if (opts.dumpAllPlugins) {
    // …and all of them as a JSON array: that is what Kong's `_query_cmd` decodes (cjson).
    process.stdout.write(`${JSON.stringify([...server.getPlugins().values()].map(pluginInfo))}\n`);
    server.close();
    return 0;
  }

  const socketPath = path.join(opts.kongPrefix, opts.sockName);
  // Handlers first: Kong (or a test) may send SIGTERM as soon as the socket appears.
  let listener: Awaited<ReturnType<typeof listen>> | undefined;
  let stopping = false;
  const stop = (signal: string): void => {
    stopping = true;
    logger.info(`${signal}: stopping`);
    server.close();
    listener?.close();
    try {
      fs.unlinkSync(socketPath);
    } catch {
      // already gone, or never made
    }
    process.exit(0);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  listener = await listen(socketPath, (method, params) => server.dispatch(method, params), logger);
  if (stopping) listener.close();
  return -1; // keep serving
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);

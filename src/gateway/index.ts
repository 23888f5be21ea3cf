/**
 * The Kong-compatible local gateway, programmatically: starts the plugin server, loads the
 * declarative config (checking plugin names against what the server serves, and plugin configs
 * with their validators), and serves HTTP until `close()`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDeclarativeConfig, loadDeclarativeFile, type LoadOptions } from './declarative/load';
import { pluginsFor } from './declarative/plugins';
import type { DeclarativeConfig } from './declarative/types';
import { DEFAULT_PLUGIN_VALIDATORS } from './declarative/validators';
import { createPluginServerClient } from './plugin-server/client';
import type { PluginServerClient } from './plugin-server/types';
import { createRouter } from './router';
import { fileSink, memorySink, serializeNow, stdoutSink, type LogSink } from './runtime/access-log';
import { createRequestHandler } from './runtime/handler';
import type { PdkEnvironment } from './runtime/pdk/types';
import { PluginInstances } from './runtime/plugin-chain';
import { UpstreamAgents } from './runtime/proxy';
import type { JsonObject } from './runtime/serialize-values';

export type PluginServerChoice = 'ai-proxy-js' | 'kong-pdk';
export type LogTarget = 'stdout' | { file: string } | { memory: true };

export interface GatewayOptions {
  /** Path of a kong.yml, or the declarative document itself. */
  config: string | object;
  /** Default 0 (the OS picks). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Compiled plugin entries the plugin server loads. Default `dist/plugins`. */
  pluginsDir?: string;
  /** Our plugin server (default) or kong-pdk 0.6.0's `kong-js-pluginserver`. */
  pluginServer?: PluginServerChoice;
  /** Flags for Node running the plugin server (e.g. `--expose-gc` for memory checks). */
  pluginServerNodeArgs?: string[];
  /** Where the JSON access log goes. Default stdout. */
  log?: LogTarget;
  /** Environment for `{vault://env/…}` references. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Diagnostic lines (plugin `kong.log.*`, plugin-server output, gateway warnings). Default stderr. */
  onDiagnostic?: (line: string) => void;
  /** Time in-flight requests get on close before their connections are cut. Default 10000 ms. */
  shutdownGraceMs?: number;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Access log entries, when `log` is `{memory: true}` (else empty). */
  logs: JsonObject[];
  /** Diagnostic lines, when `log` is `{memory: true}` (else empty). */
  diagnostics: string[];
  config: DeclarativeConfig;
  pluginServer: PluginServerClient;
  /** Stops accepting, lets in-flight requests finish, stops the plugin server. Idempotent. */
  close(): Promise<void>;
}

/** `dist/plugins`, beside this compiled file's `dist/src/gateway`. */
export function defaultPluginsDir(): string {
  return path.resolve(__dirname, '..', '..', 'plugins');
}

export function gatewayVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function createSink(target: LogTarget, logs: JsonObject[], diagnostic: (line: string) => void): LogSink {
  if (target === 'stdout') return stdoutSink();
  if ('file' in target) return fileSink(target.file, (err) => diagnostic(`[error] access log ${target.file}: ${err.message}`));
  return memorySink(logs);
}

function loadConfig(config: string | object, opts: LoadOptions): DeclarativeConfig {
  return typeof config === 'string' ? loadDeclarativeFile(config, opts) : loadDeclarativeConfig(config, '<inline>', opts);
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logs: JsonObject[] = [];
  const diagnostics: string[] = [];
  const target = options.log ?? 'stdout';
  const diagnostic =
    options.onDiagnostic ??
    (typeof target === 'object' && 'memory' in target
      ? (line: string) => void diagnostics.push(line)
      : (line: string) => void process.stderr.write(`${line}\n`));

  const client = createPluginServerClient({
    pluginsDir: options.pluginsDir ?? defaultPluginsDir(),
    server: options.pluginServer === 'kong-pdk' ? 'kong-pdk' : 'ours',
    nodeArgs: options.pluginServerNodeArgs,
    onLog: (line) => diagnostic(`[plugin-server] ${line}`),
  });
  let config: DeclarativeConfig;
  let sink: LogSink;
  try {
    await client.start();
    config = loadConfig(options.config, {
      env: options.env ?? process.env,
      validators: { ...DEFAULT_PLUGIN_VALIDATORS },
      knownPlugins: [...client.plugins().keys()],
    });
    sink = createSink(target, logs, diagnostic);
  } catch (err) {
    await client.close();
    throw err;
  }
  const agents = new UpstreamAgents();
  const identity = { server: `ai-proxy-js/${gatewayVersion()}` };
  const pdk: PdkEnvironment = {
    pluginLog: (level, ctx, message) => diagnostic(`[${level}] [${ctx.currentPlugin ?? 'gateway'}] ${message} (request ${ctx.id})`),
    serialize: (ctx) => serializeNow(ctx, performance.now()),
  };
  const router = createRouter(config);
  const handler = createRequestHandler({
    router,
    pluginsFor: (route, service) => pluginsFor(config, route, service),
    chain: {
      client,
      instances: new PluginInstances(client),
      pdk,
      onFailure: ({ plugin, phase, error }, ctx) =>
        diagnostic(`[error] plugin '${plugin}' failed in ${phase} (request ${ctx.id}): ${error instanceof Error ? error.message : String(error)}`),
    },
    agents,
    sink,
    identity,
    warn: (message) => diagnostic(`[warn] ${message}`),
  });

  const inFlight = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;
  const server = http.createServer((req, res) => {
    // While closing, a kept-alive connection is closed as soon as its answer is out.
    if (closing) res.shouldKeepAlive = false;
    res.once('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    const done = handler(req, res).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  let port: number;
  try {
    port = await listen(server, options.port ?? 0, host);
  } catch (err) {
    await Promise.all([client.close(), agents.close(), sink.close()]);
    throw err;
  }

  const close = (): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, options.shutdownGraceMs ?? 10_000);
      await Promise.all([closed, ...inFlight]);
      clearTimeout(grace);
      await Promise.all([client.close(), agents.close(), sink.close()]);
    })();
    return closing;
  };

  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${port}`, port, logs, diagnostics, config, pluginServer: client, close };
}

/**
 * The plugin-server process, managed as Kong's `process.lua` does: ask it for its plugins with the
 * query command (`--dump-all-plugins`, a JSON array on stdout), start it with the start command,
 * keep its output as log lines, stop it with SIGTERM.
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/plugin_servers/process.lua
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import type { Phase, PluginInfo } from './types';

/** How to run a plugin server: a Node script (ours, or kong-pdk's `kong-js-pluginserver`) and Node's flags. */
export interface ServerCommand {
  script: string;
  nodeArgs: readonly string[];
}

/** The only protocol Kong speaks with JS plugin servers (`dump.Protocol or "MsgPack:1"`). */
const MSGPACK_PROTOCOL = 'MsgPack:1';

const KNOWN_PHASES: ReadonlySet<string> = new Set<Phase>(['certificate', 'rewrite', 'access', 'preread', 'response', 'log']);

function argv(command: ServerCommand, serverArgs: string[]): string[] {
  return [...command.nodeArgs, command.script, ...serverArgs];
}

function isPluginInfo(value: unknown): value is PluginInfo {
  if (typeof value !== 'object' || value === null) return false;
  const info = value as Record<string, unknown>;
  return (
    typeof info.Name === 'string' &&
    typeof info.Priority === 'number' &&
    Array.isArray(info.Phases) &&
    info.Phases.every((p) => typeof p === 'string' && KNOWN_PHASES.has(p)) &&
    typeof info.Schema === 'object' &&
    info.Schema !== null
  );
}

/**
 * Reads a query-command dump as Kong does: a JSON array of plugin infos, or `{Protocol, Plugins}`.
 * Kong keeps only the first plugin of a server ("embedded plugin server" model); the local gateway
 * serves every plugin of the directory from one server, so all of them are kept.
 */
export function parsePluginDump(stdout: string): PluginInfo[] {
  let dump: unknown;
  try {
    dump = JSON.parse(stdout);
  } catch (err) {
    throw new Error(`failed decoding plugin info: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof dump !== 'object' || dump === null) throw new Error(`not a plugin info table: ${stdout.slice(0, 200)}`);
  const wrapped = dump as { Protocol?: unknown; Plugins?: unknown };
  const protocol = Array.isArray(dump) ? MSGPACK_PROTOCOL : wrapped.Protocol ?? MSGPACK_PROTOCOL;
  if (protocol !== MSGPACK_PROTOCOL) throw new Error(`unknown protocol implementation: ${String(protocol)}`);
  const list: unknown = Array.isArray(dump) ? dump : wrapped.Plugins;
  if (!Array.isArray(list)) throw new Error(`not a plugin info table: ${stdout.slice(0, 200)}`);
  return list.map((info, i) => {
    if (!isPluginInfo(info)) throw new Error(`plugin info #${i} lacks Name, Priority, Phases or Schema`);
    return info;
  });
}

/** Runs the query command (`-d <dir> --dump-all-plugins`) and parses its output. */
export function dumpPlugins(command: ServerCommand, pluginsDir: string, timeoutMs: number): Promise<PluginInfo[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      argv(command, ['-d', pluginsDir, '--dump-all-plugins']),
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`error loading plugins info: ${err.message}${stderr ? `\n${stderr}` : ''}`));
          return;
        }
        try {
          resolve(parsePluginDump(stdout));
        } catch (parseErr) {
          reject(parseErr);
        }
      },
    );
  });
}

/** Starts the server (`-d <dir> --kong-prefix <prefix>`); each line it prints goes to `onLine`. */
export function spawnServer(command: ServerCommand, pluginsDir: string, kongPrefix: string, onLine: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, argv(command, ['-d', pluginsDir, '--kong-prefix', kongPrefix]), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kong joins stdout and stderr and logs them line by line (`grab_logs`).
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', onLine);
  }
  return child;
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Waits until the server accepts connections; fails if it exits first or `timeoutMs` passes. */
export async function waitForSocket(socketPath: string, child: ChildProcess, timeoutMs: number, pollMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited(child)) throw new Error(`the plugin server exited (${child.exitCode ?? child.signalCode}) before listening on ${socketPath}`);
    if (await canConnect(socketPath)) return;
    if (Date.now() > deadline) throw new Error(`the plugin server did not listen on ${socketPath} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`; resolves once it has exited. */
export function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

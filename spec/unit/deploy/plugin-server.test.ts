/**
 * Kong's plugin-server settings in the Dockerfile and docker-compose.yml: the same in both, the
 * commands point at what the image installs, and — run here against the compiled checkout — the
 * query command prints what Kong reads and the start command listens on the configured socket.
 * @see kong/conf_loader/init.lua (pluginserver_* settings)
 * @see kong/runloop/plugin_servers/process.lua (query command output; Kong uses the FIRST plugin)
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from '../../../src/pluginserver/cli-options';
import { commandWrappers, composeEnvironment, pluginServerSettings, type PluginServerSettings } from './checks';
import { parseDockerfile, parseStages, stageEnv } from './dockerfile';
import { localizeCommand, readRepoFile, readYaml, repoPathOf } from './deploy-files';

const execFileAsync = promisify(execFile);

const dockerfile = readRepoFile('Dockerfile');
const stages = parseStages(parseDockerfile(dockerfile));
const finalStage = stages[stages.length - 1];
assert.ok(finalStage, 'the Dockerfile has stages');
const imageEnv = stageEnv(finalStage);
const compose = readYaml('docker-compose.yml') as { services: Record<string, unknown> };
const composeEnv = composeEnvironment(compose.services.kong);
const wrappers = commandWrappers(dockerfile);

const [server] = pluginServerSettings(imageEnv);

/** A command of the image as a command line of this checkout: the wrapper's node script, run by this node. */
function localCommand(command: readonly string[]): { file: string; args: string[] } {
  const [bin, ...args] = command;
  const wrapper = wrappers.get(bin ?? '');
  assert.ok(wrapper, `${String(bin)} is a command the Dockerfile installs`);
  const script = repoPathOf(wrapper.script);
  assert.ok(script, `${wrapper.script} is installed from this package`);
  return { file: process.execPath, args: [script, ...localizeCommand(args)] };
}

function requireServer(): PluginServerSettings & { startCommand: string[]; queryCommand: string[]; socket: string } {
  assert.ok(server, 'KONG_PLUGINSERVER_NAMES names a plugin server');
  const { startCommand, queryCommand, socket } = server;
  assert.ok(startCommand && queryCommand && socket, 'socket, start and query commands are set');
  return { ...server, startCommand, queryCommand, socket };
}

test('the plugin-server settings of the Dockerfile and docker-compose.yml are the same', () => {
  const keys = [...imageEnv.keys()].filter((k) => k.startsWith('KONG_PLUGINSERVER_') || k === 'KONG_PLUGINS');
  assert.ok(keys.length >= 5, keys.join(', '));
  for (const key of keys) assert.equal(composeEnv.get(key), imageEnv.get(key), key);
});

test('one js plugin server; KONG_PLUGINS keeps the bundled plugins and adds ai-proxy-js', () => {
  assert.deepEqual(pluginServerSettings(imageEnv).map((s) => s.name), ['js']);
  assert.deepEqual(imageEnv.get('KONG_PLUGINS')?.split(','), ['bundled', 'ai-proxy-js']);
});

test('the start command is our plugin server, listening where Kong connects (prefix + sock name)', () => {
  const { startCommand, socket } = requireServer();
  assert.equal(startCommand[0], '/usr/local/bin/ai-proxy-js-pluginserver');
  const parsed = parseArgs(startCommand.slice(1));
  assert.equal(parsed.kind, 'run', 'flags our plugin server accepts');
  if (parsed.kind !== 'run') return;
  assert.equal(path.posix.join(parsed.options.kongPrefix, parsed.options.sockName), socket);
  assert.equal(parsed.options.dumpAllPlugins, false);
});

test('the query command dumps all plugins from the same directory the start command serves', () => {
  const { startCommand, queryCommand } = requireServer();
  assert.equal(queryCommand[0], startCommand[0]);
  const start = parseArgs(startCommand.slice(1));
  const query = parseArgs(queryCommand.slice(1));
  assert.ok(start.kind === 'run' && query.kind === 'run');
  assert.equal(query.options.dumpAllPlugins, true);
  assert.equal(query.options.pluginsDirectory, start.options.pluginsDirectory);
  // kong-pdk's server requires plugins by this path, so only an absolute one works with both servers.
  assert.ok(path.posix.isAbsolute(start.options.pluginsDirectory), start.options.pluginsDirectory);
});

test('the plugins directory holds only plugin folders, ai-proxy-js among them', () => {
  const { startCommand } = requireServer();
  const parsed = parseArgs(startCommand.slice(1));
  assert.ok(parsed.kind === 'run');
  const dir = repoPathOf(parsed.options.pluginsDirectory);
  assert.ok(dir && fs.existsSync(dir), `${parsed.options.pluginsDirectory} is built from this package (npm run build)`);
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  for (const e of entries) assert.ok(e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.js')), `${e.name} is a plugin folder`);
  assert.ok(entries.some((e) => e.name === 'ai-proxy-js'));
});

test('the query command prints the JSON Kong reads: ai-proxy-js first, priority 770, access and response', async () => {
  const { queryCommand } = requireServer();
  const { file, args } = localCommand(queryCommand);
  const { stdout } = await execFileAsync(file, args, { timeout: 20_000 });
  const dump: unknown = JSON.parse(stdout);
  assert.ok(Array.isArray(dump) && dump.length > 0, 'a JSON array of plugin infos');
  // Kong keeps only the first entry of the dump (one plugin per plugin server).
  const first = dump[0] as { Name?: unknown; Priority?: unknown; Phases?: unknown; Schema?: { fields?: unknown } };
  assert.equal(first.Name, 'ai-proxy-js');
  assert.equal(first.Priority, 770);
  assert.ok(Array.isArray(first.Phases) && first.Phases.includes('access') && first.Phases.includes('response'), String(first.Phases));
  assert.ok(Array.isArray(first.Schema?.fields), 'a Kong schema');
});

test('the start command listens on the socket Kong is given, and stops on SIGTERM', async (t) => {
  const { startCommand, socket } = requireServer();
  const parsed = parseArgs(startCommand.slice(1));
  assert.ok(parsed.kind === 'run');
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'kong-prefix-'));
  t.after(() => fs.rmSync(prefix, { recursive: true, force: true }));
  // Kong's prefix in the image → a temporary one here; everything else as Kong runs it.
  const command = startCommand.map((w) => (w === parsed.options.kongPrefix ? prefix : w));
  const { file, args } = localCommand(command);
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  const localSocket = path.join(prefix, path.posix.relative(parsed.options.kongPrefix, socket));
  const deadline = Date.now() + 10_000;
  while (!fs.existsSync(localSocket)) {
    assert.ok(child.exitCode === null, `the plugin server exited early: ${stderr}`);
    assert.ok(Date.now() < deadline, `no socket at ${localSocket} after 10s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(fs.statSync(localSocket).isSocket());
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.equal(fs.existsSync(localSocket), false, 'the socket is removed on SIGTERM');
});

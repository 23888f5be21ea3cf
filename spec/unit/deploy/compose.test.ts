/**
 * docker-compose.yml, checked statically: it parses, everything it refers to exists, Kong runs
 * db-less on the repository's kong.yml, the mock is reachable from Kong at the address kong.yml
 * uses, and provider keys reach every vault reference of kong.yml from the caller's environment.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../helpers/paths';
import { commandWrappers, composeEnvironment, composeProblems, flagValue } from './checks';
import { envVaultVariable, pluginEntries, strings } from './kong-declarative';
import { readRepoFile, readYaml, repoPathOf } from './deploy-files';

const execFileAsync = promisify(execFile);

interface ComposeService {
  build?: unknown;
  image?: string;
  volumes?: unknown[];
  ports?: unknown[];
  network_mode?: string;
  entrypoint?: unknown;
  command?: unknown;
  healthcheck?: { test?: unknown };
}

const compose = readYaml('docker-compose.yml') as { services: Record<string, ComposeService> };
const kong = compose.services.kong;
const mock = compose.services['mock-llm'];
const kongEnv = composeEnvironment(kong);
const kongYml = readYaml('kong.yml');

function words(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

test('docker-compose.yml: every file and service it refers to exists', () => {
  assert.deepEqual(composeProblems(compose, REPO_ROOT), []);
});

test('Kong runs db-less on the repository kong.yml, mounted where KONG_DECLARATIVE_CONFIG points', () => {
  assert.ok(kong, 'a kong service');
  assert.equal(kongEnv.get('KONG_DATABASE'), 'off');
  const target = kongEnv.get('KONG_DECLARATIVE_CONFIG');
  const mount = (kong.volumes ?? []).map(String).find((v) => v.split(':')[1] === target);
  assert.ok(mount, `a volume mounted at ${String(target)}`);
  assert.equal(path.resolve(REPO_ROOT, mount.split(':')[0] ?? ''), path.join(REPO_ROOT, 'kong.yml'));
});

test('the proxy is published on :8000 and Kong has a kong health check', () => {
  assert.ok(kong);
  assert.ok((kong.ports ?? []).map(String).some((p) => /(^|:)8000:8000$/.test(p)), 'port 8000');
  assert.equal(kongEnv.get('KONG_PROXY_LISTEN'), '0.0.0.0:8000');
  assert.deepEqual(words(kong.healthcheck?.test), ['CMD', 'kong', 'health']);
});

test("the mock shares Kong's network namespace and listens where kong.yml's mock routes point", () => {
  assert.ok(mock, 'a mock-llm service');
  assert.equal(mock.network_mode, 'service:kong');
  const wrappers = commandWrappers(readRepoFile('Dockerfile'));
  const [entry] = words(mock.entrypoint);
  assert.ok(entry && wrappers.has(entry), `${String(entry)} is installed by the Dockerfile`);
  const command = words(mock.command);
  assert.equal(command[0], 'mock-llm');
  const host = flagValue(command, ['--host']) ?? '127.0.0.1';
  const port = flagValue(command, ['--port']);
  assert.ok(port, 'an explicit --port');
  // Kong's loopback is the mock's too; published ports need the mock on all interfaces.
  assert.equal(host, '0.0.0.0', 'the mock listens on every interface of the shared namespace');

  const local = pluginEntries(kongYml)
    .flatMap((p) => strings(p.config).filter((s) => s.at === 'model.options.upstream_url'))
    .map((s) => new URL(s.value))
    .filter((u) => u.hostname === '127.0.0.1' || u.hostname === 'localhost');
  assert.ok(local.length >= 9, 'the mock-backed routes');
  for (const url of local) assert.equal(`${url.hostname}:${url.port}`, `127.0.0.1:${port}`, url.href);
  assert.ok((kong.ports ?? []).map(String).includes(`127.0.0.1:${port}:${port}`), 'the mock port published on the kong service');
  assert.ok(words(mock.healthcheck?.test).includes('/usr/local/bin/node'), 'a node health check');
  assert.equal(mock.image, kong.image, 'the same image');
});

test('every {vault://env/...} reference in kong.yml gets its variable from the caller, never a literal key', () => {
  const referenced = new Set(
    pluginEntries(kongYml).flatMap((p) => strings(p.config).flatMap((s) => envVaultVariable(s.value) ?? [])),
  );
  assert.ok(referenced.size >= 4, [...referenced].join(', '));
  for (const name of referenced) {
    const value = kongEnv.get(name);
    assert.ok(value !== undefined, `${name} is passed to Kong`);
    // Only `${VAR:-}` interpolations, with at most the fixed "Bearer " scheme around them.
    const literal = value.replace(/\$\{[A-Z0-9_]+:-\}/g, '');
    assert.ok(literal === '' || literal === 'Bearer ', `${name}: no literal credential (${literal.length} literal characters)`);
    assert.ok(value.includes('${'), `${name} comes from the caller's environment`);
  }
});

test("the mock's command line and health check work (run here on 127.0.0.1 and a free port)", async (t) => {
  assert.ok(mock);
  const wrapper = commandWrappers(readRepoFile('Dockerfile')).get(words(mock.entrypoint)[0] ?? '');
  const cli = wrapper && repoPathOf(wrapper.script);
  assert.ok(cli, 'the entrypoint runs a script of this package');
  const command = words(mock.command);
  const port = flagValue(command, ['--port']);
  assert.ok(port);
  // Tests listen on 127.0.0.1 and an OS-chosen port; every other flag as compose passes it.
  const args = command.map((w, i) => (command[i - 1] === '--host' ? '127.0.0.1' : command[i - 1] === '--port' ? '0' : w));
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const listening = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the mock did not start: ${out}`)), 10_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the mock exited (${String(code)}): ${out}`)));
  });

  const [kind, node, ...healthArgs] = words(mock.healthcheck?.test);
  assert.equal(kind, 'CMD');
  assert.equal(node, '/usr/local/bin/node');
  const probe = healthArgs.map((a) => a.replaceAll(port, listening));
  await execFileAsync(process.execPath, probe, { timeout: 10_000 });
  child.kill('SIGTERM');
  // And the same probe fails once nothing listens: the check can tell.
  await new Promise((r) => child.once('exit', r));
  await assert.rejects(execFileAsync(process.execPath, probe, { timeout: 10_000 }));
});

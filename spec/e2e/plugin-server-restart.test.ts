/**
 * The plugin server dies (killed mid-run): phases under way fail, the client respawns it, starts
 * the instances again lazily, and the next phases succeed — as Kong's process.lua respawns it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPluginServerClient } from '../../src/gateway/plugin-server/client';
import type { PdkHandler, PluginServerClient } from '../../src/gateway/plugin-server/types';
import { DIST } from '../helpers/paths';
import { fakeKong, SERVER_KINDS, TEST_PLUGINS_DIR, testClient } from './plugin-server-harness';

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const kind of SERVER_KINDS) {
  describe(`a killed ${kind === 'ours' ? 'our server' : 'kong-js-pluginserver'}`, () => {
    let client: PluginServerClient;

    before(async () => {
      client = testClient(kind);
      await client.start();
    });

    after(async () => {
      await client.close();
    });

    it('fails the phases under way, is respawned, and the next phases succeed on restarted instances', async () => {
      const instance = await client.startInstance('calls-test', { prefix: 'r' });
      const firstPid = client.pid();
      const firstInstanceId = instance.id;
      assert.equal(typeof firstPid, 'number');

      // Five phases park inside their first PDK call; the server is killed while they wait.
      let parked = 0;
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const parking: PdkHandler = async (method, args) => {
        parked++;
        await gate;
        return fakeKong().pdk(method, args);
      };
      const underWay = Array.from({ length: 5 }, () => client.runPhase(instance, 'access', parking));
      await waitFor(() => parked === 5, 'five parked phases');
      process.kill(firstPid as number, 'SIGKILL');
      await waitFor(() => client.pid() !== undefined && client.pid() !== firstPid, 'a respawned server');
      release();
      const settled = await Promise.allSettled(underWay);
      assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);

      const kong = fakeKong({ method: 'GET', path: '/after' });
      const outcome = await client.runPhase(instance, 'access', kong.pdk);
      assert.equal(outcome.exited, false);
      assert.deepEqual(kong.serviceRequestHeaders, { 'x-seen': 'r GET /after' });
      assert.equal(typeof instance.id, 'number');
      assert.notEqual(client.pid(), firstPid);
      assert.equal((await client.status()).Pid, client.pid());
      // The old id was given by the dead process; the instance was started again in the new one.
      assert.ok(firstInstanceId !== undefined);

      const more = await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const k = fakeKong({ path: `/n${i}` });
          return client.runPhase(instance, 'access', k.pdk).then(() => k.serviceRequestHeaders['x-seen']);
        }),
      );
      assert.deepEqual(more, Array.from({ length: 10 }, (_, i) => `r GET /n${i}`));
    });

    it('serves a phase that starts in the instant the server dies, on the respawned server', async () => {
      const instance = await client.startInstance('exit-test', { status: 401 });
      const pid = client.pid() as number;
      // No waiting: HandleEvent may go to the dying server; the client waits for the new one and retries.
      process.kill(pid, 'SIGKILL');
      const kong = fakeKong();
      const outcome = await client.runPhase(instance, 'access', kong.pdk);
      assert.equal(outcome.exited, true);
      assert.equal(kong.exit?.status, 401);
      assert.notEqual(client.pid(), pid);
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('closing the client', () => {
  it('stops the server with SIGTERM', async () => {
    const client = testClient('ours');
    await client.start();
    const instance = await client.startInstance('exit-test', {});
    const pid = client.pid() as number;
    await client.close();
    assert.equal(isAlive(pid), false);
    assert.equal(client.pid(), undefined);
    await assert.rejects(client.runPhase(instance, 'access', fakeKong().pdk), /closed/);
  });

  it('kills a server that ignores SIGTERM once the grace time is over', async () => {
    const stubborn = path.join(DIST, 'spec', 'fixtures', 'pluginserver', 'stubborn-server.js');
    const client = createPluginServerClient({ pluginsDir: TEST_PLUGINS_DIR, server: { script: stubborn }, closeGraceMs: 200 });
    await client.start();
    const pid = client.pid() as number;
    process.kill(pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(isAlive(pid), true, 'the stubborn server survives SIGTERM');
    const started = Date.now();
    await client.close();
    assert.equal(isAlive(pid), false);
    assert.ok(Date.now() - started >= 150, 'close waited for the grace time before SIGKILL');
  });
});

describe('starting a plugin server that cannot start', () => {
  it('rejects start() with the reason instead of hanging', async () => {
    const client = createPluginServerClient({ pluginsDir: TEST_PLUGINS_DIR, server: { script: '/nonexistent/plugin-server.js' }, startTimeoutMs: 5_000 });
    await assert.rejects(client.start(), /error loading plugins info/);
    await client.close();
  });
});

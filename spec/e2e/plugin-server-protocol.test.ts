/**
 * Kong's side of the plugin-server protocol (our client) against both plugin servers — ours and
 * kong-pdk 0.6.0's kong-js-pluginserver — with the test plugins of spec/fixtures/plugins.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dumpPlugins } from '../../src/gateway/plugin-server/process';
import { kongPdkServerScript, ourServerScript } from '../../src/gateway/plugin-server/client';
import type { PluginInfo, PluginServerClient } from '../../src/gateway/plugin-server/types';
import { PLUGINS_DIR } from '../helpers/paths';
import { fakeKong, SERVER_KINDS, TEST_PLUGINS_DIR, testClient } from './plugin-server-harness';

/** Kong's `Schema.valid_types` (kong/db/schema/init.lua). */
const KONG_FIELD_TYPES = new Set(['array', 'set', 'string', 'number', 'boolean', 'integer', 'foreign', 'map', 'record', 'function', 'json']);

/** Every field of a Kong schema `fields` list is `{ <name>: { type: <Kong type>, … } }`, nested ones too. */
function assertKongFields(fields: unknown, where: string): void {
  assert.ok(Array.isArray(fields), `${where}: fields is not an array`);
  for (const entry of fields) {
    const names = Object.keys(entry as object);
    assert.equal(names.length, 1, `${where}: a field entry must hold exactly one field`);
    const def = (entry as Record<string, Record<string, unknown>>)[names[0]];
    assertKongType(def, `${where}.${names[0]}`);
  }
}

function assertKongType(def: Record<string, unknown>, where: string): void {
  assert.ok(KONG_FIELD_TYPES.has(String(def.type)), `${where}: ${String(def.type)} is not a Kong field type`);
  if (def.type === 'record') assertKongFields(def.fields, where);
  if (def.type === 'array' || def.type === 'set') assertKongType(def.elements as Record<string, unknown>, `${where}[]`);
  if (def.type === 'map') {
    assertKongType(def.keys as Record<string, unknown>, `${where}{key}`);
    assertKongType(def.values as Record<string, unknown>, `${where}{value}`);
  }
}

describe('--dump-all-plugins (what Kong process.lua reads)', () => {
  let ours: PluginInfo[];
  let theirs: PluginInfo[];

  before(async () => {
    [ours, theirs] = await Promise.all([
      dumpPlugins({ script: ourServerScript(), nodeArgs: [] }, TEST_PLUGINS_DIR, 20_000),
      dumpPlugins({ script: kongPdkServerScript(), nodeArgs: [] }, TEST_PLUGINS_DIR, 20_000),
    ]);
  });

  it('lists every test plugin with Name, Phases, Priority, Version and a config record of Kong field types', () => {
    assert.deepEqual(ours.map((p) => p.Name).sort(), ['calls-test', 'echo-test', 'exit-test', 'step-error-test']);
    const calls = ours.find((p) => p.Name === 'calls-test');
    assert.ok(calls);
    assert.equal(calls.Priority, 1000);
    assert.equal(calls.Version, '1.2.3');
    assert.deepEqual(calls.Phases, ['log', 'access', 'response']);
    for (const plugin of ours) {
      assert.equal(plugin.Schema.name, plugin.Name);
      const [first] = plugin.Schema.fields as [{ config: { type: string; fields: unknown } }];
      assert.equal(first.config.type, 'record');
      assertKongFields(first.config.fields, `${plugin.Name}.config`);
    }
  });

  it('is the same JSON from our server and from kong-js-pluginserver', () => {
    assert.deepEqual(ours, theirs);
  });

  it('describes the shipped plugin (dist/plugins) with Kong field types only, the same from both servers', async () => {
    const [shippedOurs, shippedTheirs] = await Promise.all([
      dumpPlugins({ script: ourServerScript(), nodeArgs: [] }, PLUGINS_DIR, 20_000),
      dumpPlugins({ script: kongPdkServerScript(), nodeArgs: [] }, PLUGINS_DIR, 20_000),
    ]);
    assert.deepEqual(shippedOurs, shippedTheirs);
    const plugin = shippedOurs.find((p) => p.Name === 'ai-proxy-js');
    assert.ok(plugin, 'dist/plugins serves ai-proxy-js');
    assert.deepEqual([plugin.Priority, plugin.Phases], [770, ['access', 'response']]);
    const [first] = plugin.Schema.fields as [{ config: { type: string; fields: unknown } }];
    assert.equal(first.config.type, 'record');
    assertKongFields(first.config.fields, 'ai-proxy-js.config');
  });
});

for (const kind of SERVER_KINDS) {
  describe(`plugin-server client against ${kind === 'ours' ? 'our server' : "kong-pdk's kong-js-pluginserver"}`, () => {
    let client: PluginServerClient;

    before(async () => {
      client = testClient(kind);
      await client.start();
    });

    after(async () => {
      await client.close();
    });

    it('learns the plugins from the dump', () => {
      assert.deepEqual([...client.plugins().keys()].sort(), ['calls-test', 'echo-test', 'exit-test', 'step-error-test']);
    });

    it('runs a phase through HandleEvent, Step and ret', async () => {
      const instance = await client.startInstance('calls-test', { prefix: 'seen:' });
      const kong = fakeKong({ method: 'POST', path: '/v1/chat' });
      const outcome = await client.runPhase(instance, 'access', kong.pdk);
      assert.deepEqual(kong.calls, ['kong.request.get_method', 'kong.request.get_path', 'kong.service.request.set_header']);
      assert.deepEqual(kong.serviceRequestHeaders, { 'x-seen': 'seen: POST /v1/chat' });
      assert.equal(outcome.exited, false);
      assert.equal(outcome.pdkCalls, 3);
    });

    it('runs the response and log phases of the same instance', async () => {
      const instance = await client.startInstance('calls-test', { prefix: 'p' });
      const kong = fakeKong({ upstreamStatus: 502 });
      assert.deepEqual(await client.runPhase(instance, 'response', kong.pdk).then((o) => [o.exited, o.pdkCalls]), [false, 2]);
      assert.deepEqual(kong.responseHeaders, { 'x-upstream-status': '502' });
      await client.runPhase(instance, 'log', kong.pdk);
      assert.deepEqual(kong.logged, [['calls-test', 'logged']]);
    });

    it('sends headers as a multi-value map (StepMultiMap) and ends the phase at kong.response.exit', async () => {
      const instance = await client.startInstance('echo-test', { tag: 'multi' });
      const kong = fakeKong({ headers: { 'x-one': 'a', 'x-two': ['b', 'c'] } });
      const outcome = await client.runPhase(instance, 'access', kong.pdk);
      assert.deepEqual(outcome.exited, true);
      assert.equal(outcome.pdkCalls, 2);
      assert.ok(kong.exit);
      assert.equal(kong.exit.status, 200);
      assert.deepEqual(JSON.parse(String(kong.exit.body)), { tag: 'multi', headers: { 'x-one': ['a'], 'x-two': ['b', 'c'] } });
      assert.deepEqual(kong.exit.headers, { 'content-type': 'application/json' });
    });

    it('answers a PDK call the gateway cannot serve with StepError, and the plugin gets the error', async () => {
      const instance = await client.startInstance('step-error-test', {});
      const kong = fakeKong();
      const outcome = await client.runPhase(instance, 'access', kong.pdk);
      assert.equal(outcome.exited, false);
      assert.deepEqual(kong.calls, ['kong.request.get_nothing_at_all', 'kong.service.request.set_header']);
      assert.match(String(kong.serviceRequestHeaders['x-step-error']), /could not find pdk method: kong\.request\.get_nothing_at_all/);
    });

    it('treats kong.response.exit as the end of the event: no Step follows', async () => {
      const instance = await client.startInstance('exit-test', { status: 429 });
      const kong = fakeKong();
      const outcome = await client.runPhase(instance, 'access', kong.pdk);
      assert.deepEqual(outcome, { exited: true, pdkCalls: 1, eventId: outcome.eventId });
      assert.deepEqual(kong.calls, ['kong.response.exit']);
      assert.deepEqual(kong.exit, { status: 429, body: 'denied by exit-test', headers: undefined });
    });

    it('serves 50 concurrent phases over the pool, each with its own answer', async () => {
      const instances = await Promise.all(['a', 'b'].map((tag) => client.startInstance('echo-test', { tag })));
      const runs = Array.from({ length: 50 }, async (_, i) => {
        const kong = fakeKong({ headers: { 'x-request': String(i) }, delayMs: i % 7 });
        const outcome = await client.runPhase(instances[i % 2], 'access', kong.pdk);
        return { i, outcome, body: JSON.parse(String(kong.exit?.body)) as { tag: string; headers: Record<string, string[]> } };
      });
      const results = await Promise.all(runs);
      for (const { i, outcome, body } of results) {
        assert.equal(outcome.exited, true);
        assert.deepEqual(body, { tag: i % 2 === 0 ? 'a' : 'b', headers: { 'x-request': [String(i)] } });
      }
      assert.equal(new Set(results.map((r) => r.outcome.eventId)).size, 50);
    });

    it('restarts an instance the server no longer knows ("no plugin instance") and retries the event', async () => {
      const instance = await client.startInstance('echo-test', { tag: 'again' });
      const firstId = instance.id;
      assert.equal(typeof firstId, 'number');
      await client.rpc('plugin.CloseInstance', [firstId]);
      await assert.rejects(client.rpc('plugin.HandleEvent', [{ InstanceId: firstId, EventName: 'access' }]), /no plugin instance/);
      const kong = fakeKong({ headers: { 'x-n': '1' } });
      const outcome = await client.runPhase(instance, 'access', kong.pdk);
      assert.equal(outcome.exited, true);
      assert.equal(JSON.parse(String(kong.exit?.body)).tag, 'again');
      assert.notEqual(instance.id, firstId);
      assert.equal(typeof instance.id, 'number');
    });

    it('reports the server status with its pid', async () => {
      const status = await client.status();
      assert.equal(status.Pid, client.pid());
      assert.ok('calls-test' in status.Plugins);
    });
  });
}

/** Our plugin server's RPC methods, called in-process (no socket), with the test plugins. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { createLogger } from '../../../src/pluginserver/logger';
import { DEFAULT_TIMINGS, PluginServer, type ServerTimings } from '../../../src/pluginserver/server';
import { DIST } from '../../helpers/paths';

const PLUGINS = path.join(DIST, 'spec', 'fixtures', 'plugins');
const silent = createLogger('error', () => undefined);

interface Step {
  EventId: number;
  Data: 'ret' | { Method: string; Args: unknown[] };
}

describe('PluginServer.dispatch', () => {
  let server: PluginServer;
  const make = (timings: ServerTimings = DEFAULT_TIMINGS): PluginServer => {
    server = new PluginServer(PLUGINS, silent, timings);
    return server;
  };
  afterEach(() => server.close());

  async function start(name: string, config: unknown): Promise<number> {
    const status = (await server.dispatch('plugin.StartInstance', [{ Name: name, Config: JSON.stringify(config) }])) as { Id: number; Config: unknown };
    assert.deepEqual(status.Config, config);
    return status.Id;
  }

  const handle = (iid: number, phase = 'access'): Promise<Step> =>
    server.dispatch('plugin.HandleEvent', [{ InstanceId: iid, EventName: phase }]) as Promise<Step>;
  const step = (method: string, eventId: number, data: unknown): Promise<Step> =>
    server.dispatch(method, [{ EventId: eventId, Data: data }]) as Promise<Step>;

  it('runs an event from HandleEvent through Step* to ret, then forgets it', async () => {
    make();
    const iid = await start('calls-test', { prefix: 'u' });
    let s = await handle(iid);
    assert.deepEqual(s.Data, { Method: 'kong.request.get_method', Args: [] });
    s = await step('plugin.Step', s.EventId, 'PUT');
    assert.deepEqual(s.Data, { Method: 'kong.request.get_path', Args: [] });
    s = await step('plugin.Step', s.EventId, '/p');
    assert.deepEqual(s.Data, { Method: 'kong.service.request.set_header', Args: ['x-seen', 'u PUT /p'] });
    s = await step('plugin.Step', s.EventId, null);
    assert.equal(s.Data, 'ret');
    assert.equal(server.pendingEvents, 0);
    await assert.rejects(step('plugin.Step', s.EventId, null), new RegExp(`event id ${s.EventId} not found`));
  });

  it('drops the event as soon as it hands out kong.response.exit', async () => {
    make();
    const iid = await start('exit-test', { status: 418 });
    const s = await handle(iid);
    assert.deepEqual(s.Data, { Method: 'kong.response.exit', Args: [418, 'denied by exit-test'] });
    assert.equal(server.pendingEvents, 0);
    const status = (await server.dispatch('plugin.GetStatus', [{}])) as { Events: { Exited: number; Pending: number } };
    assert.deepEqual([status.Events.Exited, status.Events.Pending], [1, 0]);
  });

  it('passes a StepError to the plugin as a thrown PDK error', async () => {
    make();
    const iid = await start('step-error-test', {});
    let s = await handle(iid);
    assert.deepEqual(s.Data, { Method: 'kong.request.get_nothing_at_all', Args: [] });
    s = await step('plugin.StepError', s.EventId, 'could not find pdk method');
    assert.equal(typeof s.Data, 'object');
    const call = s.Data as { Method: string; Args: unknown[] };
    assert.equal(call.Method, 'kong.service.request.set_header');
    assert.match(String(call.Args[1]), /PDK method kong\.request\.get_nothing_at_all failed: +could not find pdk method/);
  });

  it('accepts StepMultiMap and the entity steps like Step', async () => {
    make();
    const iid = await start('echo-test', { tag: 't' });
    const s = await handle(iid);
    const next = await step('plugin.StepMultiMap', s.EventId, { a: ['1'] });
    assert.deepEqual(next.Data, { Method: 'kong.response.exit', Args: [200, JSON.stringify({ tag: 't', headers: { a: ['1'] } }), { 'content-type': 'application/json' }] });
    for (const entity of ['Service', 'Consumer', 'Route', 'Plugin', 'Credential', 'MemoryStats']) {
      await assert.rejects(server.dispatch(`plugin.Step${entity}`, [{ EventId: 99_999, Data: null }]), /event id 99999 not found/);
    }
  });

  it('answers with the error texts Kong and kong-pdk use', async () => {
    make();
    await assert.rejects(handle(12_345), /^PluginServerError: no plugin instance #12345$/);
    await assert.rejects(server.dispatch('plugin.Nope', []), /method Nope not implemented/);
    await assert.rejects(server.dispatch('other.GetStatus', []), /RPC for other is not supported/);
    await assert.rejects(server.dispatch('plugin.StartInstance', [{ Name: 'absent', Config: '{}' }]), /absent not initialized/);
    await assert.rejects(server.dispatch('plugin.SetPluginDir', ['/does/not/exist']), /\/does\/not\/exist does not exists/);
  });

  it('closes instances (then "no plugin instance") and reports plugin info', async () => {
    make();
    const iid = await start('echo-test', {});
    const closed = (await server.dispatch('plugin.CloseInstance', [iid])) as { Id: number; Name: string };
    assert.deepEqual([closed.Id, closed.Name], [iid, 'echo-test']);
    await assert.rejects(handle(iid), /no plugin instance/);
    const info = (await server.dispatch('plugin.GetPluginInfo', ['calls-test'])) as { Phases: string[]; Priority: number };
    assert.deepEqual([info.Phases, info.Priority], [['log', 'access', 'response'], 1000]);
  });

  it('drops idle instances and events Kong stopped answering', async () => {
    make({ instanceTtlMs: 30, eventTtlMs: 30, sweepIntervalMs: 10 });
    const idle = await start('echo-test', {});
    const busy = await start('calls-test', { prefix: 'x' });
    await handle(busy); // its PDK call is never answered
    await new Promise((r) => setTimeout(r, 80));
    await assert.rejects(handle(idle), /no plugin instance/);
    const status = (await server.dispatch('plugin.GetStatus', [{}])) as { Events: { Abandoned: number; Pending: number } };
    assert.deepEqual([status.Events.Abandoned, status.Events.Pending], [1, 0]);
  });
});

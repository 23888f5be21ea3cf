/**
 * Why we ship our own plugin server: after `kong.response.exit`, Kong never sends another Step for
 * the event, and kong-pdk 0.6.0's server keeps every such event forever. Ours must drop it.
 *
 * Pending events are counted two ways: our server's `GetStatus` (`Events.Pending`), and, for any
 * server, a probe — a `Step` on an ended event's id answers "event id N not found" when the event
 * was freed, and succeeds when the server still holds it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InstanceHandle, PdkHandler, PluginServerClient } from '../../src/gateway/plugin-server/types';
import { testClient } from './plugin-server-harness';

const CONCURRENCY = 16;
/** Our server may grow by a little (JIT, caches), never by the ~0.8 KB per request kong-pdk leaks. */
const MAX_HEAP_GROWTH_BYTES = 2 * 1024 * 1024;

const answerExit: PdkHandler = (method) => {
  if (method !== 'kong.response.exit') throw new Error(`unexpected PDK call ${method}`);
  return null;
};

/** Runs `count` access phases of the exit-test instance, `CONCURRENCY` at a time; returns their event ids. */
async function runExits(client: PluginServerClient, instance: InstanceHandle, count: number): Promise<number[]> {
  const eventIds: number[] = [];
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      const outcome = await client.runPhase(instance, 'access', answerExit);
      assert.equal(outcome.exited, true);
      eventIds.push(outcome.eventId);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return eventIds;
}

/** How many of these ended events the server still holds (see the probe above). */
async function probePending(client: PluginServerClient, eventIds: number[]): Promise<number> {
  let pending = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < eventIds.length) {
      const eventId = eventIds[next++];
      try {
        await client.rpc('plugin.Step', [{ EventId: eventId, Data: null }]);
        pending++;
      } catch (err) {
        assert.match(String(err), new RegExp(`event id ${eventId} not found`));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return pending;
}

describe('events ended by kong.response.exit', () => {
  it('are freed by our server: 20,000 exits leave no pending event and a flat heap', async () => {
    const client = testClient('ours', { nodeArgs: ['--expose-gc'] });
    try {
      await client.start();
      const instance = await client.startInstance('exit-test', {});
      await runExits(client, instance, 2_000);
      const early = await client.status({ gc: true });
      const lastIds = (await runExits(client, instance, 18_000)).slice(-2_000);
      const late = await client.status({ gc: true });

      assert.deepEqual(early.Events && [early.Events.Pending, early.Events.Exited], [0, 2_000]);
      assert.deepEqual(late.Events && [late.Events.Pending, late.Events.Exited], [0, 20_000]);
      assert.ok(early.Memory && late.Memory);
      const growth = late.Memory.heapUsed - early.Memory.heapUsed;
      assert.ok(growth < MAX_HEAP_GROWTH_BYTES, `heap grew by ${growth} bytes over 18,000 exits`);
      assert.equal(await probePending(client, lastIds), 0);
    } finally {
      await client.close();
    }
  });

  it("are kept by kong-pdk's kong-js-pluginserver: every one of 2,000 exits stays pending", async () => {
    const client = testClient('kong-pdk');
    try {
      await client.start();
      const instance = await client.startInstance('exit-test', {});
      const eventIds = await runExits(client, instance, 2_000);
      // One pending event per exit: they grow with the traffic until the process dies.
      assert.equal(new Set(eventIds).size, 2_000);
      assert.equal(await probePending(client, eventIds), 2_000);
    } finally {
      await client.close();
    }
  });
});

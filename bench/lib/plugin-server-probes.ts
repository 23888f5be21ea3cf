/**
 * Questions asked of the plugin server directly, over the gateway's own RPC connections:
 * what one msgpack-RPC round trip costs, and whether ended events are still held.
 */
import { RpcRemoteError } from '../../src/gateway/plugin-server/rpc';
import type { PluginServerClient } from '../../src/gateway/plugin-server/types';
import { msSince, summarize, type LatencySummary } from './stats';

/** An event id neither server will ever hand out in a benchmark (both count up from 0 or 1). */
const NEVER_AN_EVENT = 2 ** 31 - 1;

function isEventNotFound(err: unknown, eventId: number): boolean {
  return err instanceof RpcRemoteError && err.remoteMessage.includes(`event id ${eventId} not found`);
}

/**
 * One bare round trip, `count` times in a row: a `plugin.Step` on an id that is no event. Both
 * servers answer it with "event id … not found" after a map lookup, so the time is the protocol's
 * (msgpack framing, the unix socket, two event-loop turns), not any plugin's.
 */
export async function measureRpcRoundTrip(client: PluginServerClient, count: number): Promise<LatencySummary> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    try {
      await client.rpc('plugin.Step', [{ EventId: NEVER_AN_EVENT, Data: null }]);
      throw new Error(`plugin.Step on event ${NEVER_AN_EVENT} succeeded`);
    } catch (err) {
      if (!isEventNotFound(err, NEVER_AN_EVENT)) throw err;
    }
    samples.push(msSince(start));
  }
  return summarize(samples);
}

/**
 * How many of these ended events (their phase called `kong.response.exit`) the server still holds:
 * a `plugin.Step` on a freed event answers "event id N not found"; a held one is resumed (ai-proxy-js
 * then returns, so the probe frees it — probe only samples).
 */
export async function countHeldEvents(client: PluginServerClient, eventIds: readonly number[]): Promise<number> {
  let held = 0;
  for (const eventId of eventIds) {
    try {
      await client.rpc('plugin.Step', [{ EventId: eventId, Data: null }]);
      held++;
    } catch (err) {
      if (!isEventNotFound(err, eventId)) throw err;
    }
  }
  return held;
}

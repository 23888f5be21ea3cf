/**
 * The short reading of the numbers at the top of RESULTS.md: sentences whose every figure (and
 * every "more"/"less") is computed from the facts the benchmarks reported, never written by hand.
 */
import { fmt } from './stats';

export type FactsById = ReadonlyMap<string, Record<string, number>>;

function pct(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`;
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(1)}×`;
}

function usOrMs(us: number): string {
  return us >= 1000 ? `${fmt(us / 1000)} ms` : `${fmt(us)} µs`;
}

function has(facts: Record<string, number> | undefined, ...keys: string[]): facts is Record<string, number> {
  return facts !== undefined && keys.every((key) => Number.isFinite(facts[key]));
}

function translation(t: Record<string, number> | undefined): string[] {
  if (!has(t, 'openai.json.access_us', 'openai.json.response_us', 'openai.stream.response_us', 'anthropic.json.response_us', 'anthropic.stream.response_us')) return [];
  return [
    `**Translation is cheap for one answer, and grows with each stream event.** A non-streaming chat request costs ${usOrMs(t['openai.json.access_us'])} to prepare and ${usOrMs(t['openai.json.response_us'])} (OpenAI) / ${usOrMs(t['anthropic.json.response_us'])} (Anthropic) to translate back. A ~200-event stream costs ${usOrMs(t['openai.stream.response_us'])} (OpenAI) / ${usOrMs(t['anthropic.stream.response_us'])} (Anthropic), about ${usOrMs(t['openai.stream.response_us'] / 200)} / ${usOrMs(t['anthropic.stream.response_us'] / 200)} per event: each event is parsed, mapped and re-encoded as its own JSON chunk.`,
  ];
}

function gatewayCost(g: Record<string, number> | undefined, t: Record<string, number> | undefined): string[] {
  const lines: string[] = [];
  if (!has(g, 'ours.json.c1.added_p50_ms', 'ours.json.c1.added_mean_ms', 'ours.json.c1.phase_ms', 'ours.json.c1.rpcs', 'ours.json.c1.pdk_calls', 'ours.json.c1.gateway_cpu_us', 'ours.json.c1.server_cpu_us')) return lines;
  const addedUs = g['ours.json.c1.added_mean_ms'] * 1000;
  const phaseUs = g['ours.json.c1.phase_ms'] * 1000;
  const rpcs = g['ours.json.c1.rpcs'];
  const translateUs = has(t, 'openai.json.access_us', 'openai.json.response_us') ? t['openai.json.access_us'] + t['openai.json.response_us'] : Number.NaN;
  const share = addedUs > 0 ? ` (${pct(phaseUs, addedUs)})` : '';
  lines.push(
    `**Where the gateway's time goes (our plugin server, chat, concurrency 1).** The gateway adds ${usOrMs(g['ours.json.c1.added_p50_ms'] * 1000)} at p50 (${usOrMs(addedUs)} on average) over calling the mock directly. ${usOrMs(phaseUs)} of it on average${share} is spent inside the two plugin phases: ${fmt(g['ours.json.c1.pdk_calls'])} PDK calls per request make ${fmt(rpcs)} sequential plugin-server RPC round trips (two HandleEvents + the Steps), ~${usOrMs(phaseUs / rpcs)} each with the plugin's own work included` +
      (Number.isFinite(translateUs) ? `, of which translation in and out is only ~${usOrMs(translateUs)}` : '') +
      `. ${translateUs < phaseUs / 4 ? 'So the protocol, not the translation, is the plugin\'s cost: each PDK call removed saves one round trip.' : 'Translation is a sizeable part of the phases here, beside the round trips.'} The rest is outside the plugin (the second HTTP hop to the upstream, buffering, routing, the access log). In CPU terms a request costs ${usOrMs(g['ours.json.c1.gateway_cpu_us'])} in the gateway process and ${usOrMs(g['ours.json.c1.server_cpu_us'])} in the plugin server.`,
  );
  if (has(g, 'ours.stream.c1.added_mean_ms', 'ours.stream.c1.phase_ms', 'ours.stream.c1.pdk_calls', 'stream_upstream_events')) {
    const events = g['stream_upstream_events'];
    const extraUs = (g['ours.stream.c1.added_mean_ms'] - g['ours.json.c1.added_mean_ms']) * 1000;
    const extraPhaseUs = (g['ours.stream.c1.phase_ms'] - g['ours.json.c1.phase_ms']) * 1000;
    const perEventUs = has(t, 'openai.stream.response_us') ? t['openai.stream.response_us'] / 200 : Number.NaN;
    const comparison =
      extraUs <= 0
        ? 'no more than chat on average in this run'
        : `${usOrMs(extraUs)} more than chat on average, ${usOrMs(Math.max(0, extraPhaseUs))} of it inside the plugin phases` +
          (Number.isFinite(perEventUs) ? ` (translating ${events} events costs ~${usOrMs(events * perEventUs)} in process)` : '') +
          ' and the rest outside the plugin, where the gateway receives and buffers the upstream stream';
    lines.push(
      `Streaming chat (a ${events}-event upstream stream) makes the same ${fmt(g['ours.stream.c1.pdk_calls'])} PDK calls, because the stream is buffered and translated whole: it adds ${usOrMs(g['ours.stream.c1.added_mean_ms'] * 1000)} on average, ${comparison}.`,
    );
  }
  return lines;
}

function throughput(g: Record<string, number> | undefined): string[] {
  if (!has(g, 'ours.json.c32.rps', 'kongpdk.json.c32.rps', 'ours.json.c32.direct_rps', 'ours.rpc_p50_us', 'kongpdk.rpc_p50_us')) return [];
  const ours = g['ours.json.c32.rps'];
  const pdk = g['kongpdk.json.c32.rps'];
  const lines = [
    `**Our plugin server vs kong-pdk 0.6.0.** At concurrency 32 (chat) the gateway serves ${fmt(ours)} req/s with ours and ${fmt(pdk)} req/s with kong-pdk's (${ours >= pdk ? `ours ${ratio(ours, pdk)}` : `kong-pdk ${ratio(pdk, ours)}`}); the mock alone serves ${fmt(g['ours.json.c32.direct_rps'])} req/s on the same cores. A bare RPC round trip takes ${usOrMs(g['ours.rpc_p50_us'])} (ours) vs ${usOrMs(g['kongpdk.rpc_p50_us'])} (kong-pdk) at p50. The gateway's client sends kong-pdk one call at a time per connection (4 connections) and ours any number${ours > pdk ? ', so under concurrency kong-pdk\'s calls queue: see its time inside the plugin phases grow with concurrency in the table' : ''}.`,
  ];
  if (has(g, 'ours.json.c1.server_cpu_us', 'kongpdk.json.c1.server_cpu_us', 'ours.json.c32.server_cpu_us', 'kongpdk.json.c32.server_cpu_us')) {
    lines.push(
      `Plugin-server CPU per chat request: ${usOrMs(g['ours.json.c1.server_cpu_us'])} (ours) vs ${usOrMs(g['kongpdk.json.c1.server_cpu_us'])} (kong-pdk) at concurrency 1, ${usOrMs(g['ours.json.c32.server_cpu_us'])} vs ${usOrMs(g['kongpdk.json.c32.server_cpu_us'])} at concurrency 32.`,
    );
  }
  return lines;
}

function memory(m: Record<string, number> | undefined): string[] {
  if (!has(m, 'ours.requests', 'ours.held_last', 'ours.heap_first', 'ours.heap_last', 'kongpdk.requests', 'kongpdk.held_last', 'kongpdk.heap_first', 'kongpdk.heap_last', 'kongpdk.heap_growth_per_request_bytes')) return [];
  const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const oursHeld = Number.isFinite(m['ours.pending_last']) ? `${m['ours.pending_last'].toLocaleString('en-US')} pending events` : `~${m['ours.held_last'].toLocaleString('en-US')} held events`;
  return [
    `**Memory.** After ${m['ours.requests'].toLocaleString('en-US')} requests ending in \`kong.response.exit\`, our server holds ${oursHeld} (heap after gc ${mib(m['ours.heap_first'])} → ${mib(m['ours.heap_last'])} from the first loaded checkpoint). kong-pdk's holds ~${m['kongpdk.held_last'].toLocaleString('en-US')} ended events after ${m['kongpdk.requests'].toLocaleString('en-US')} requests; its heap after gc goes ${mib(m['kongpdk.heap_first'])} → ${mib(m['kongpdk.heap_last'])}, ~${fmt(m['kongpdk.heap_growth_per_request_bytes'] / 1024)} KiB per request, and keeps growing with traffic.`,
  ];
}

export function readingOf(facts: FactsById): string[] {
  return [...translation(facts.get('translate')), ...gatewayCost(facts.get('gateway'), facts.get('translate')), ...throughput(facts.get('gateway')), ...memory(facts.get('memory'))];
}

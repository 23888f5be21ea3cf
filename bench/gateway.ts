/**
 * End to end: undici client → local gateway → plugin server → ai-proxy-js → mock OpenAI upstream,
 * non-streaming and streaming chat at concurrency 1, 8 and 32, with our plugin server and with
 * kong-pdk 0.6.0's. Each gateway row is paired with the same load sent to the mock directly just
 * before it, so "added" is what the gateway adds under the same conditions.
 *
 * Besides latency, CPU time per request: of this process (client + mock, + the gateway in gateway
 * rows) and of the plugin-server process. CPU per request barely moves when other work competes
 * for the cores; latency does.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/gateway.js [--requests 2000]`
 */
import { request } from 'undici';
import type { PluginServerChoice } from '../src/gateway';
import { cpuMeter } from './lib/cpu';
import { runLoad, type LoadResult } from './lib/load';
import { measureRpcRoundTrip } from './lib/plugin-server-probes';
import { intOption, progress, runAsScript, type BenchSection } from './lib/section';
import { MOCK_KEY, startBenchStack, type BenchStack } from './lib/stack';
import { fmt, markdownTable, type LatencySummary } from './lib/stats';

const gatewayCommand = (requests: number): string => `node dist/bench/gateway.js --requests ${requests}`;

const CONCURRENCIES = [1, 8, 32] as const;
const MODES = ['json', 'stream'] as const;
type Mode = (typeof MODES)[number];
const SERVERS: readonly PluginServerChoice[] = ['ai-proxy-js', 'kong-pdk'];
const WARMUP_REQUESTS = 300;
const RPC_SAMPLES = 2_000;
/** Each run stops issuing requests after this long, so the whole benchmark stays near 2 minutes. */
const RUN_MAX_MS = 5_000;

const PROMPT = 'Summarise in one line what an AI gateway adds to every request it proxies to a language model provider today';

const ROUTE = {
  path: '/openai',
  config: (mockUrl: string) => ({
    route_type: 'llm/v1/chat',
    auth: { header_name: 'Authorization', header_value: `Bearer ${MOCK_KEY}` },
    logging: { log_statistics: true, log_payloads: false },
    model: { provider: 'openai', name: 'gpt-4o', options: { upstream_url: `${mockUrl}/v1/chat/completions`, input_cost: 5, output_cost: 15 } },
  }),
};

function requestBody(mode: Mode): string {
  return JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: PROMPT }], ...(mode === 'stream' ? { stream: true } : {}) });
}

/** The answer must be the chat answer carrying the mock's echo (translated, or the mock's own). */
function accept(mode: Mode): (status: number, body: string) => boolean {
  return mode === 'json'
    ? (status, body) => status === 200 && body.includes('"chat.completion"') && body.includes('Echo:')
    : (status, body) => status === 200 && body.includes('chat.completion.chunk') && body.endsWith('data: [DONE]\n\n');
}

interface Target {
  url: string;
  headers: Record<string, string>;
}

interface Run {
  result: LoadResult;
  /** CPU µs per request of this process and of the plugin server (gateway runs only). */
  ownCpuUs: number;
  serverCpuUs?: number;
}

async function load(target: Target, mode: Mode, concurrency: number, count: number, serverPid?: number): Promise<Run> {
  const meter = cpuMeter(serverPid);
  const result = await runLoad({
    url: target.url,
    headers: { 'content-type': 'application/json', ...target.headers },
    body: requestBody(mode),
    concurrency,
    count,
    maxMs: RUN_MAX_MS,
    accept: accept(mode),
  });
  const cpu = meter.stop();
  if (result.errors > 0) throw new Error(`${target.url} ${mode} c=${concurrency}: ${result.errors} unexpected answers, first: ${result.firstError}`);
  return {
    result,
    ownCpuUs: (cpu.own * 1000) / result.completed,
    ...(cpu.other !== undefined ? { serverCpuUs: (cpu.other * 1000) / result.completed } : {}),
  };
}

/** How many SSE events the mock streams for the benchmark's prompt (the translation work per stream). */
async function upstreamStreamEvents(direct: Target): Promise<number> {
  const res = await request(direct.url, { method: 'POST', headers: { 'content-type': 'application/json', ...direct.headers }, body: requestBody('stream') });
  const text = await res.body.text();
  return text.split('\n\n').filter((block) => block.startsWith('data:')).length;
}

interface Row {
  server: PluginServerChoice;
  mode: Mode;
  concurrency: number;
  direct: Run;
  gateway: Run;
  pdkCallsPerRequest: number;
  rpcsPerRequest: number;
  /** Mean wall-clock ms per request inside the plugin phases. */
  phaseMsPerRequest: number;
  /** PDK calls per request by method. */
  methods: [string, number][];
}

function serverLabel(server: PluginServerChoice): string {
  return server === 'ai-proxy-js' ? 'ours' : 'kong-pdk 0.6.0';
}

function factKey(server: PluginServerChoice): string {
  return server === 'ai-proxy-js' ? 'ours' : 'kongpdk';
}

interface System {
  server: PluginServerChoice;
  stack: BenchStack;
  direct: Target;
  gateway: Target;
  pid: number | undefined;
}

async function startSystem(server: PluginServerChoice): Promise<System> {
  const stack = await startBenchStack([ROUTE], server);
  return {
    server,
    stack,
    direct: { url: `${stack.mock.url}/v1/chat/completions`, headers: { authorization: `Bearer ${MOCK_KEY}` } },
    gateway: { url: `${stack.gateway.url}${ROUTE.path}`, headers: { authorization: 'Bearer client-key-not-used' } },
    pid: stack.gateway.pluginServer.pid(),
  };
}

/** The mock directly, then the gateway, for one system at one mode and concurrency. */
async function measureRow(system: System, mode: Mode, concurrency: number, count: number): Promise<Row> {
  const directRun = await load(system.direct, mode, concurrency, count);
  system.stack.counter.reset();
  const gatewayRun = await load(system.gateway, mode, concurrency, count, system.pid);
  const done = gatewayRun.result.completed;
  const { phases, pdkCalls, exits, methods, phaseMs } = system.stack.counter;
  progress(`  ${serverLabel(system.server)} ${mode} c=${concurrency}: ${fmt(gatewayRun.result.requestsPerSec)} req/s, p50 ${fmt(gatewayRun.result.latency.p50)} ms (mock directly ${fmt(directRun.result.latency.p50)} ms)`);
  return {
    server: system.server,
    mode,
    concurrency,
    direct: directRun,
    gateway: gatewayRun,
    pdkCallsPerRequest: pdkCalls / done,
    // HandleEvent per phase, then one Step per PDK call except the non-returning exit.
    rpcsPerRequest: (phases + pdkCalls - exits) / done,
    phaseMsPerRequest: phaseMs / done,
    methods: [...methods].map(([method, calls]): [string, number] => [method, calls / done]),
  };
}

/**
 * Both plugin servers run side by side (the idle one costs nothing), and every row is measured for
 * both back to back, so that the comparison is not skewed by other work on the machine changing
 * between a first half of the benchmark and a second.
 */
async function measureAll(count: number): Promise<{ rows: Row[]; rpc: Map<PluginServerChoice, LatencySummary>; streamEvents: number }> {
  const systems: System[] = [];
  try {
    for (const server of SERVERS) systems.push(await startSystem(server));
    for (const system of systems) {
      for (const mode of MODES) {
        await load(system.direct, mode, 8, WARMUP_REQUESTS);
        await load(system.gateway, mode, 8, WARMUP_REQUESTS);
      }
    }
    const rows: Row[] = [];
    for (const mode of MODES) {
      for (const concurrency of CONCURRENCIES) {
        for (const system of systems) rows.push(await measureRow(system, mode, concurrency, count));
      }
    }
    const rpc = new Map<PluginServerChoice, LatencySummary>();
    for (const system of systems) rpc.set(system.server, await measureRpcRoundTrip(system.stack.gateway.pluginServer, RPC_SAMPLES));
    return { rows, rpc, streamEvents: await upstreamStreamEvents(systems[0].direct) };
  } finally {
    await Promise.all(systems.map((system) => system.stack.close()));
  }
}

function requests(run: Run): string {
  return `${run.result.completed.toLocaleString('en-US')}${run.result.cutShort ? ' (time cap)' : ''}`;
}

export async function runGatewayBench(): Promise<BenchSection> {
  const count = intOption('requests', 2_000);
  const { rows, rpc, streamEvents } = await measureAll(count);

  const facts: Record<string, number> = { stream_upstream_events: streamEvents };
  const table = rows.map((row) => {
    const gw = row.gateway;
    const added = gw.result.latency.p50 - row.direct.result.latency.p50;
    const addedMean = gw.result.latency.mean - row.direct.result.latency.mean;
    const gatewayCpuUs = gw.ownCpuUs - row.direct.ownCpuUs;
    const key = `${factKey(row.server)}.${row.mode}.c${row.concurrency}`;
    Object.assign(facts, {
      [`${key}.rps`]: gw.result.requestsPerSec,
      [`${key}.p50_ms`]: gw.result.latency.p50,
      [`${key}.p99_ms`]: gw.result.latency.p99,
      [`${key}.direct_p50_ms`]: row.direct.result.latency.p50,
      [`${key}.direct_rps`]: row.direct.result.requestsPerSec,
      [`${key}.added_p50_ms`]: added,
      [`${key}.added_mean_ms`]: addedMean,
      [`${key}.phase_ms`]: row.phaseMsPerRequest,
      [`${key}.gateway_cpu_us`]: gatewayCpuUs,
      [`${key}.server_cpu_us`]: gw.serverCpuUs ?? Number.NaN,
      [`${key}.pdk_calls`]: row.pdkCallsPerRequest,
      [`${key}.rpcs`]: row.rpcsPerRequest,
    });
    return [
      serverLabel(row.server),
      row.mode === 'json' ? 'chat' : 'chat, stream',
      String(row.concurrency),
      requests(gw),
      fmt(gw.result.requestsPerSec),
      fmt(gw.result.latency.p50),
      fmt(gw.result.latency.p90),
      fmt(gw.result.latency.p99),
      `${fmt(row.direct.result.latency.p50)} / ${fmt(row.direct.result.requestsPerSec)}`,
      fmt(added),
      `${fmt(addedMean)} / ${fmt(row.phaseMsPerRequest)}`,
      fmt(gatewayCpuUs),
      gw.serverCpuUs !== undefined ? fmt(gw.serverCpuUs) : 'n/a',
      fmt(row.pdkCallsPerRequest),
      fmt(row.rpcsPerRequest),
    ];
  });
  const rpcRows = [...rpc].map(([server, summary]) => {
    facts[`${factKey(server)}.rpc_p50_us`] = summary.p50 * 1000;
    facts[`${factKey(server)}.rpc_mean_us`] = summary.mean * 1000;
    return [serverLabel(server), fmt(summary.p50 * 1000), fmt(summary.p90 * 1000), fmt(summary.p99 * 1000), fmt(summary.mean * 1000)];
  });
  const words = PROMPT.split(' ').length;
  const callsOf = (mode: Mode): string =>
    (rows.find((r) => r.server === 'ai-proxy-js' && r.mode === mode && r.concurrency === 1)?.methods ?? []).map(([method, calls]) => `\`${method}\` ${fmt(calls)}`).join(', ');

  const markdown = [
    `Closed loop, one keep-alive connection per concurrent client (undici \`request\`); ${count.toLocaleString('en-US')} requests per run unless a run reached its ${RUN_MAX_MS / 1000} s cap ("time cap"); ${WARMUP_REQUESTS} warm-up requests per mode first. Route: OpenAI chat through ai-proxy-js to the mock's \`/v1/chat/completions\` (analytics on, access log written to /dev/null). The prompt has ${words} words, which the mock echoes; a streamed answer is ${streamEvents} upstream SSE events.`,
    '',
    '- Both plugin servers ran side by side; each row of one is measured right next to the same row of the other.',
    '- *mock directly*: p50 ms / req/s of the same requests sent straight to the mock, run just before the gateway row.',
    '- *added p50*: gateway p50 − mock-directly p50. *added mean / in plugin phases*: the same for means, and the mean wall-clock time per request spent inside the two plugin phases (HandleEvent to the end of the phase: RPC round trips, plugin code and the gateway answering PDK calls).',
    '- *gateway CPU*: CPU µs per request of the benchmark process in the gateway run minus in the direct run (client and mock cancel out; what is left is the gateway).',
    '- *server CPU*: CPU µs per request of the plugin-server process (`/proc/<pid>/stat`, 10 ms ticks).',
    '- *PDK calls* and *RPCs* per request, counted on the plugin-server client: RPCs = one HandleEvent per phase + one Step per PDK call except the final `kong.response.exit`.',
    '',
    markdownTable(['plugin server', 'request', 'conc.', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'mock directly', 'added p50 ms', 'added mean / in plugin phases ms', 'gateway CPU µs/req', 'server CPU µs/req', 'PDK calls/req', 'RPCs/req'], table),
    '',
    `PDK calls per request by method (ours, concurrency 1) — chat: ${callsOf('json')}${callsOf('stream') === callsOf('json') ? '; the same for stream' : `; stream: ${callsOf('stream')}`}.`,
    '',
    `One bare plugin-server RPC round trip — \`plugin.Step\` on an unknown event id, answered "event id … not found" — ${RPC_SAMPLES.toLocaleString('en-US')} in a row over the gateway's connection pool, gateway idle:`,
    '',
    markdownTable(['plugin server', 'p50 µs', 'p90 µs', 'p99 µs', 'mean µs'], rpcRows),
  ].join('\n');
  return { id: 'gateway', title: 'Gateway end to end', command: gatewayCommand(count), markdown, facts };
}

if (require.main === module) runAsScript(runGatewayBench);

/**
 * Memory of the plugin server under 20,000 requests that all end in `kong.response.exit` — half
 * answered normally (exit in the response phase), half refused with a 400 in the access phase
 * (a request naming another model than the configured one). After `kong.response.exit` Kong never
 * resumes the event, so a server that waits for it keeps every such event (DESIGN.md, fact 3).
 *
 * Every 5,000 requests: each server's heap after a full gc and its RSS, read the same way for both
 * (a preload, lib/heap-report-preload.ts, answers SIGUSR2; kong-pdk's `GetStatus` reports no memory);
 * our server's `Events.Pending` from `plugin.GetStatus`; and for both, a sample of ended events
 * probed (`plugin.Step` on a freed event answers "not found") to estimate how many are still held.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/memory.js [--requests 20000]`
 */
import fs from 'node:fs';
import type { PluginServerChoice } from '../src/gateway';
import { HEAP_REPORT_DIR_ENV, heapReportNodeOptions, makeHeapReportDir, requestHeapReport } from './lib/heap-report';
import { runLoad } from './lib/load';
import { countHeldEvents } from './lib/plugin-server-probes';
import { intOption, progress, runAsScript, type BenchSection } from './lib/section';
import { MOCK_KEY, startBenchStack, type BenchStack } from './lib/stack';
import { fmt, fmtBytes, markdownTable } from './lib/stats';

const memoryCommand = (requests: number): string => `node dist/bench/memory.js --requests ${requests}`;

const CHECKPOINT_EVERY = 5_000;
const CONCURRENCY = 16;
const PROBE_SAMPLE = 100;
/** A batch stops issuing requests after this long, to keep the benchmark bounded on a slow machine. */
const BATCH_MAX_MS = 40_000;
const SERVERS: readonly PluginServerChoice[] = ['ai-proxy-js', 'kong-pdk'];

const ROUTE = {
  path: '/openai',
  config: (mockUrl: string) => ({
    route_type: 'llm/v1/chat',
    auth: { header_name: 'Authorization', header_value: `Bearer ${MOCK_KEY}` },
    model: { provider: 'openai', name: 'gpt-4o', options: { upstream_url: `${mockUrl}/v1/chat/completions` } },
  }),
};

const NORMAL = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'How much memory does one request keep?' }] });
/** Refused in access with Kong's 400 "cannot use own model - must be: gpt-4o". */
const REFUSED = JSON.stringify({ model: 'another-model', messages: [{ role: 'user', content: 'How much memory does one request keep?' }] });

const isRefused = (index: number): boolean => index % 2 === 1;

function acceptAnswer(status: number, body: string, index: number): boolean {
  return isRefused(index) ? status === 400 && body.includes('cannot use own model') : status === 200 && body.includes('"chat.completion"');
}

/**
 * Starts the stack with the plugin-server processes reporting their heap (see lib/heap-report.ts):
 * the gateway passes no Node flags of its own, so they go through NODE_OPTIONS, which children inherit.
 */
async function startReportingHeap(server: PluginServerChoice, reportDir: string): Promise<BenchStack> {
  const saved = { options: process.env.NODE_OPTIONS, dir: process.env[HEAP_REPORT_DIR_ENV] };
  process.env.NODE_OPTIONS = [saved.options, heapReportNodeOptions()].filter(Boolean).join(' ');
  process.env[HEAP_REPORT_DIR_ENV] = reportDir;
  try {
    return await startBenchStack([ROUTE], server);
  } finally {
    restoreEnv('NODE_OPTIONS', saved.options);
    restoreEnv(HEAP_REPORT_DIR_ENV, saved.dir);
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function sample<T>(items: readonly T[], size: number): T[] {
  const step = Math.max(1, Math.floor(items.length / size));
  const picked: T[] = [];
  for (let i = step - 1; i < items.length && picked.length < size; i += step) picked.push(items[i]);
  return picked;
}

interface Checkpoint {
  requests: number;
  exits: number;
  rss: number;
  heapUsed: number;
  pending?: number;
  /** Of the probed sample, how many were still held; and the estimate over all unprobed ended events. */
  probeHeld: number;
  probeSize: number;
  heldEstimate: number;
}

async function measureServer(server: PluginServerChoice, total: number): Promise<Checkpoint[]> {
  const reportDir = makeHeapReportDir();
  const stack = await startReportingHeap(server, reportDir);
  const client = stack.gateway.pluginServer;
  const pid = client.pid();
  if (pid === undefined) throw new Error(`${server}: no plugin-server process`);
  const checkpoints: Checkpoint[] = [];
  try {
    const probed = new Set<number>();
    const takeCheckpoint = async (requests: number): Promise<void> => {
      const status = await client.status();
      const heap = await requestHeapReport(reportDir, pid);
      if (!heap.collected) throw new Error(`${server}: the plugin server runs without --expose-gc`);
      const unprobed = stack.counter.exitedEventIds.filter((id) => !probed.has(id));
      const probe = sample(unprobed, PROBE_SAMPLE);
      const held = await countHeldEvents(client, probe);
      for (const id of probe) probed.add(id);
      const checkpoint: Checkpoint = {
        requests,
        exits: stack.counter.exits,
        rss: heap.rss,
        heapUsed: heap.heapUsed,
        probeHeld: held,
        probeSize: probe.length,
        heldEstimate: probe.length === 0 ? 0 : Math.round((held / probe.length) * (unprobed.length - probe.length)),
        ...(status.Events ? { pending: status.Events.Pending } : {}),
      };
      checkpoints.push(checkpoint);
      progress(`  ${server} ${requests}: heap ${fmtBytes(checkpoint.heapUsed)}, rss ${fmtBytes(checkpoint.rss)}, held ~${checkpoint.heldEstimate}${checkpoint.pending !== undefined ? `, pending ${checkpoint.pending}` : ''}`);
    };
    await takeCheckpoint(0);
    let done = 0;
    while (done < total) {
      const batch = Math.min(CHECKPOINT_EVERY, total - done);
      const offset = done;
      const result = await runLoad({
        url: `${stack.gateway.url}${ROUTE.path}`,
        headers: { 'content-type': 'application/json' },
        body: (i) => (isRefused(offset + i) ? REFUSED : NORMAL),
        concurrency: CONCURRENCY,
        count: batch,
        maxMs: BATCH_MAX_MS,
        accept: (status, body, i) => acceptAnswer(status, body, offset + i),
      });
      if (result.errors > 0) throw new Error(`${server}: ${result.errors} unexpected answers, first: ${result.firstError}`);
      done += result.completed;
      await takeCheckpoint(done);
      if (result.cutShort) break;
    }
  } finally {
    await stack.close();
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
  return checkpoints;
}

function label(server: PluginServerChoice): string {
  return server === 'ai-proxy-js' ? 'ours' : 'kong-pdk 0.6.0';
}

export async function runMemoryBench(): Promise<BenchSection> {
  const total = intOption('requests', 20_000);
  const rows: string[][] = [];
  const facts: Record<string, number> = {};
  for (const server of SERVERS) {
    progress(`memory bench: plugin server ${label(server)}`);
    const checkpoints = await measureServer(server, total);
    const key = server === 'ai-proxy-js' ? 'ours' : 'kongpdk';
    // Growth is read from the first loaded checkpoint on: the first requests also load code and warm the JIT.
    const first = checkpoints[1];
    const last = checkpoints.at(-1);
    if (first && last) {
      facts[`${key}.requests`] = last.requests;
      facts[`${key}.heap_first`] = first.heapUsed;
      facts[`${key}.heap_last`] = last.heapUsed;
      facts[`${key}.heap_growth_per_request_bytes`] = last.requests > first.requests ? (last.heapUsed - first.heapUsed) / (last.requests - first.requests) : Number.NaN;
      facts[`${key}.rss_last`] = last.rss;
      facts[`${key}.held_last`] = last.heldEstimate;
      if (last.pending !== undefined) facts[`${key}.pending_last`] = last.pending;
    }
    for (const c of checkpoints) {
      rows.push([
        label(server),
        c.requests.toLocaleString('en-US'),
        c.exits.toLocaleString('en-US'),
        fmtBytes(c.heapUsed),
        fmtBytes(c.rss),
        c.pending !== undefined ? c.pending.toLocaleString('en-US') : 'n/a',
        `${c.probeHeld}/${c.probeSize}`,
        `~${c.heldEstimate.toLocaleString('en-US')}`,
      ]);
    }
  }
  const markdown = [
    `${total.toLocaleString('en-US')} requests per server through the gateway at concurrency ${CONCURRENCY}, alternating a normal chat answer (200, exit in the response phase) and a 400 refusal (exit in the access phase); the plugin servers run with \`--expose-gc\`. A checkpoint before the first request and every ${CHECKPOINT_EVERY.toLocaleString('en-US')} requests:`,
    '',
    '- *exits*: phases that ended in `kong.response.exit`, counted on the plugin-server client.',
    '- *heap after gc* and *RSS*: `process.memoryUsage()` of the plugin-server process right after a full gc, read through a preload (bench/lib/heap-report-preload.ts, on SIGUSR2), the same way for both servers.',
    '- *pending*: our server\'s `plugin.GetStatus` `Events.Pending` (kong-pdk\'s reports no events).',
    `- *probe*: of ${PROBE_SAMPLE} ended events sampled (evenly, among those not probed before), how many the server still held (a held event is resumed and ends, so each sample is probed once); *held* = that share of all unprobed ended events.`,
    '',
    markdownTable(['plugin server', 'requests', 'exits', 'heap after gc', 'RSS', 'pending', 'probe held', 'held (est.)'], rows),
    '',
    ...SERVERS.map((server) => {
      const perRequest = facts[`${server === 'ai-proxy-js' ? 'ours' : 'kongpdk'}.heap_growth_per_request_bytes`];
      return Number.isFinite(perRequest) ? `- ${label(server)}: heap after gc grew by ${fmt(perRequest)} bytes per request from the first loaded checkpoint to the last.` : '';
    }),
  ].join('\n');
  return { id: 'memory', title: `Plugin-server memory over ${total.toLocaleString('en-US')} exits`, command: memoryCommand(total), markdown, facts };
}

if (require.main === module) runAsScript(runMemoryBench);

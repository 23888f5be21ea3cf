/**
 * Pure translation cost, no network: the access stage (`prepareUpstreamRequest`: parse, validate,
 * resolve the model, translate, place the credential) and the response stage (`translateResponse`:
 * decode, map, re-encode, analytics) for OpenAI and Anthropic, JSON and ~200-event streams.
 *
 * Each case is checked once (the answer must be a 200 carrying the fixture's text), warmed up,
 * then timed in ROUNDS rounds of at least ROUND_MS with `process.hrtime.bigint()`; the median
 * round is reported.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/translate.js`
 */
import { parseConfig } from '../src/llm/config/validate';
import { prepareUpstreamRequest, type ClientRequest } from '../src/llm/pipeline/access';
import { translateResponse, type UpstreamAnswer } from '../src/llm/pipeline/response';
import type { PluginConfig } from '../src/llm/types';
import { readBenchFixture, readBenchJson } from './lib/paths';
import { runAsScript, type BenchSection } from './lib/section';
import { fmt, markdownTable } from './lib/stats';

const WARMUP_MS = 300;
const ROUNDS = 5;
const ROUND_MS = 200;

const TRANSLATE_COMMAND = 'node dist/bench/translate.js';

interface Case {
  name: string;
  provider: 'openai' | 'anthropic';
  stream: boolean;
  /** The upstream answer's body and content type. */
  upstreamBody: Buffer;
  upstreamType: string;
  /** Text the translated answer must carry (proves the timed path is the working one). */
  expect: string;
}

interface Timing {
  usPerOp: number;
  opsPerSec: number;
}

/** Median time per call of `fn` over ROUNDS rounds, after a warm-up. `fn` returns a size so its work cannot be skipped. */
/** `fn` may be async (the access stage is: request signing); sync results are not awaited, so they time as before. */
async function time(fn: () => number | Promise<number>): Promise<Timing> {
  let sink = 0;
  const warmEnd = process.hrtime.bigint() + BigInt(WARMUP_MS * 1e6);
  while (process.hrtime.bigint() < warmEnd) {
    const r = fn();
    sink += typeof r === 'number' ? r : await r;
  }
  const perOp: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let ops = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(ROUND_MS * 1e6);
    let now = start;
    while (now < end) {
      // Batches of 16 keep the clock reads out of the measured cost of fast cases.
      for (let i = 0; i < 16; i++) {
        const r = fn();
        sink += typeof r === 'number' ? r : await r;
      }
      ops += 16;
      now = process.hrtime.bigint();
    }
    perOp.push(Number(now - start) / 1e3 / ops);
  }
  if (sink === 0) throw new Error('the timed function produced nothing');
  perOp.sort((a, b) => a - b);
  const usPerOp = perOp[Math.floor(perOp.length / 2)];
  return { usPerOp, opsPerSec: 1e6 / usPerOp };
}

function clientRequest(stream: boolean): ClientRequest {
  const body = { ...readBenchJson<Record<string, unknown>>('chat.request.json'), stream };
  return {
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-key-not-used', 'user-agent': 'bench/1.0' },
    rawBody: Buffer.from(JSON.stringify(body)),
  };
}

function cases(): Case[] {
  const text = (readBenchJson<{ choices: { message: { content: string } }[] }>('openai-chat.response.json').choices[0]?.message.content ?? '').slice(0, 40);
  return [
    { name: 'OpenAI chat JSON', provider: 'openai', stream: false, upstreamBody: Buffer.from(readBenchFixture('openai-chat.response.json')), upstreamType: 'application/json', expect: text },
    { name: 'OpenAI chat SSE (~200 chunks)', provider: 'openai', stream: true, upstreamBody: Buffer.from(readBenchFixture('openai-chat.stream.txt')), upstreamType: 'text/event-stream', expect: '[DONE]' },
    { name: 'Anthropic messages JSON', provider: 'anthropic', stream: false, upstreamBody: Buffer.from(readBenchFixture('anthropic-messages.response.json')), upstreamType: 'application/json', expect: text },
    { name: 'Anthropic event stream (~200 events)', provider: 'anthropic', stream: true, upstreamBody: Buffer.from(readBenchFixture('anthropic-messages.stream.txt')), upstreamType: 'text/event-stream', expect: '[DONE]' },
  ];
}

function countEvents(body: Buffer): number {
  return body.toString('utf8').split('\n\n').filter((block) => block.includes('data:')).length;
}

async function benchCase(item: Case, conf: PluginConfig): Promise<{ access: Timing; response: Timing; outBytes: number; outEvents: number }> {
  const client = clientRequest(item.stream);
  const prepared = await prepareUpstreamRequest(conf, client);
  const upstream: UpstreamAnswer = { status: 200, headers: { 'content-type': item.upstreamType }, body: item.upstreamBody };
  const ids = { responseId: 'chatcmpl-bench', now: prepared.state.sentAt + 250 };
  const answer = translateResponse(conf, prepared.state, upstream, ids);
  if (answer.status !== 200 || !answer.body.includes(item.expect) || answer.problem !== undefined) {
    throw new Error(`${item.name}: translation failed (${answer.status}, ${answer.problem ?? 'no problem reported'}): ${answer.body.slice(0, 300)}`);
  }
  return {
    access: await time(async () => (await prepareUpstreamRequest(conf, client)).body.length),
    response: await time(() => translateResponse(conf, prepared.state, upstream, ids).body.length),
    outBytes: Buffer.byteLength(answer.body),
    outEvents: item.stream ? countEvents(Buffer.from(answer.body)) : 0,
  };
}

export async function runTranslateBench(): Promise<BenchSection> {
  const configs = readBenchJson<Record<'openai' | 'anthropic', unknown>>('configs.json');
  const confs = { openai: parseConfig(configs.openai), anthropic: parseConfig(configs.anthropic) };
  const rows: string[][] = [];
  const facts: Record<string, number> = {};
  // One untimed pass over every case first, so the code they share is warm before the first timing.
  for (const item of cases()) await benchCase(item, confs[item.provider]);
  for (const item of cases()) {
    const result = await benchCase(item, confs[item.provider]);
    const key = `${item.provider}.${item.stream ? 'stream' : 'json'}`;
    facts[`${key}.access_us`] = result.access.usPerOp;
    facts[`${key}.response_us`] = result.response.usPerOp;
    rows.push([
      item.name,
      `${item.upstreamBody.length.toLocaleString('en-US')} B${item.stream ? ` / ${countEvents(item.upstreamBody)} ev` : ''}`,
      fmt(result.access.usPerOp),
      fmt(result.access.opsPerSec),
      fmt(result.response.usPerOp),
      fmt(result.response.opsPerSec),
      `${result.outBytes.toLocaleString('en-US')} B${item.stream ? ` / ${result.outEvents} ev` : ''}`,
    ]);
  }
  const markdown = [
    `Median of ${ROUNDS} rounds of ≥${ROUND_MS} ms after a ${WARMUP_MS} ms warm-up; one process, no network. Access = \`prepareUpstreamRequest\` on the client's chat request (bench/fixtures/chat.request.json); response = \`translateResponse\` on the upstream answer (analytics on).`,
    '',
    markdownTable(['case', 'upstream answer', 'access µs/op', 'access ops/s', 'response µs/op', 'response ops/s', 'client answer'], rows),
  ].join('\n');
  return { id: 'translate', title: 'Translation (pure, in process)', command: TRANSLATE_COMMAND, markdown, facts };
}

if (require.main === module) runAsScript(runTranslateBench);

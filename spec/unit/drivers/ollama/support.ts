/**
 * Test support shared by the llama2 / mistral / huggingface / ollama driver tests: a fixed
 * DriverContext, golden-fixture reading, and stream replay split at seeded random offsets and at
 * every byte.
 */
import assert from 'node:assert/strict';
import { createStreamDecoder } from '../../../../src/llm/stream/decoders';
import type { StreamFraming } from '../../../../src/llm/stream/events';
import type { Driver, DriverContext, StreamStep } from '../../../../src/llm/drivers/types';
import type { LlmRouteType, ModelOptions, OpenAIChunk, OpenAIRequest, PluginConfig, Provider } from '../../../../src/llm/types';
import { readFixture, readJsonFixture } from '../../../helpers/paths';

export const RESPONSE_ID = 'chatcmpl-test0001';
export const CREATED = 1_700_000_000;

export function driverContext(
  provider: Provider,
  routeType: LlmRouteType,
  options: ModelOptions,
  { name = 'test-model', stream = false }: { name?: string; stream?: boolean } = {},
): DriverContext {
  const conf: PluginConfig = {
    route_type: routeType,
    llm_format: 'openai',
    genai_category: 'text/generation',
    response_streaming: 'allow',
    max_request_body_size: 1_048_576,
    model_name_header: true,
    model: { provider, name, options },
    logging: { log_statistics: false, log_payloads: false },
  };
  return { conf, routeType, model: { provider, name, options }, stream, responseId: RESPONSE_ID, created: CREATED };
}

/** `<case>.request.json` through `toUpstream` must equal `<case>.upstream.json`. */
export function assertRequestGolden(driver: Driver, ctx: DriverContext, area: string, name: string): void {
  const req = readJsonFixture<OpenAIRequest>('drivers', area, `${name}.request.json`);
  const { body } = driver.toUpstream(req, ctx);
  assert.deepEqual(JSON.parse(JSON.stringify(body)), readJsonFixture('drivers', area, `${name}.upstream.json`));
}

/** `<case>.response.json` through `fromUpstream` must equal `<case>.openai.json`. */
export function assertResponseGolden(driver: Driver, ctx: DriverContext, area: string, name: string): void {
  const answer = readJsonFixture('drivers', area, `${name}.response.json`);
  const out = driver.fromUpstream(answer, ctx);
  assert.deepEqual(JSON.parse(JSON.stringify(out)), readJsonFixture('drivers', area, `${name}.openai.json`));
}

/** What a whole stream contributes: all chunks, the last usage counts, whether it ended, errors. */
export interface StreamReplay {
  chunks: OpenAIChunk[];
  usage: NonNullable<StreamStep['usage']>;
  done: boolean;
  errors: string[];
  truncated: boolean;
}

/** Decodes `bytes` fed in the given pieces and maps every event with a fresh mapper. */
export function replayStream(driver: Driver, ctx: DriverContext, pieces: readonly Uint8Array[]): StreamReplay {
  const framing: StreamFraming = driver.streamFraming(ctx);
  const decoder = createStreamDecoder(framing);
  const mapper = driver.createStreamMapper(ctx);
  const out: StreamReplay = { chunks: [], usage: {}, done: false, errors: [], truncated: false };
  const take = (step: StreamStep): void => {
    out.chunks.push(...step.chunks);
    if (step.usage) Object.assign(out.usage, step.usage);
    if (step.done) out.done = true;
    if (step.error) out.errors.push(`${step.error.status} ${step.error.message}`);
  };
  for (const piece of pieces) for (const event of decoder.push(piece)) take(mapper.map(event));
  const last = decoder.end();
  for (const event of last.events) take(mapper.map(event));
  out.truncated = last.truncated;
  return out;
}

/** Deterministic PRNG (mulberry32), so a failing split can be reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets)].filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  return pieces;
}

export function everyByte(bytes: Uint8Array): Uint8Array[] {
  return Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
}

/**
 * The stream golden: `<case>.stream.txt` replayed whole must equal `<case>.chunks.json`, and so must
 * every split — at each byte, and at 20 seeded random sets of offsets.
 */
export function assertStreamGolden(driver: Driver, ctx: DriverContext, area: string, name: string): void {
  const bytes = new TextEncoder().encode(readFixture('drivers', area, `${name}.stream.txt`));
  const expected = readJsonFixture<StreamReplay>('drivers', area, `${name}.chunks.json`);
  const whole = replayStream(driver, ctx, [bytes]);
  assert.deepEqual(JSON.parse(JSON.stringify(whole)), expected, 'whole stream');
  assert.deepEqual(replayStream(driver, ctx, everyByte(bytes)), whole, 'split at every byte');
  for (let seed = 1; seed <= 20; seed++) {
    const random = seededRandom(seed);
    const offsets = Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.floor(random() * bytes.length));
    assert.deepEqual(replayStream(driver, ctx, splitAt(bytes, offsets)), whole, `split with seed ${seed} at ${offsets.join(',')}`);
  }
}

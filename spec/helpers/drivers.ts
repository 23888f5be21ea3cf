/**
 * What the driver unit tests (spec/unit/drivers/**) share: a fixed DriverContext, golden-fixture
 * reading and assertions (`<case>.request.json` → `<case>.upstream.json`, `<case>.response.json` →
 * `<case>.openai.json`, `<case>.stream.txt` → `<case>.chunks.json`), and a stream replay that
 * decodes recorded provider bytes split at chosen offsets — every byte, seeded random offsets —
 * and maps every event with the driver's stream mapper.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { it } from 'node:test';
import type { Driver, DriverContext, StreamStep } from '../../src/llm/drivers/types';
import { createStreamDecoder } from '../../src/llm/stream/decoders';
import type { LlmRouteType, ModelOptions, OpenAIChunk, OpenAIRequest, PluginConfig, Provider } from '../../src/llm/types';
import { fixturePath, readJsonFixture } from './paths';

/** The response id the anthropic and cohere goldens were recorded with (the default). */
export const RESPONSE_ID = 'chatcmpl-test';
/** The response id the llama2, mistral, huggingface and ollama goldens were recorded with. */
export const OPEN_MODELS_RESPONSE_ID = 'chatcmpl-test0001';
export const CREATED = 1_700_000_000;

export interface ContextOptions {
  /** The configured model name. */
  name?: string;
  options?: ModelOptions;
  stream?: boolean;
  responseId?: string;
}

/** A DriverContext with a fixed id and creation time, so answers compare equal to goldens. */
export function driverContext(
  provider: Provider,
  routeType: LlmRouteType,
  { name = 'test-model', options = {}, stream = false, responseId = RESPONSE_ID }: ContextOptions = {},
): DriverContext {
  const conf: PluginConfig = {
    route_type: routeType,
    llm_format: 'openai',
    genai_category: 'text/generation',
    response_streaming: 'allow',
    // Kong's default; drivers do not read it.
    max_request_body_size: 8 * 1024,
    model_name_header: true,
    model: { provider, name, options },
    logging: { log_statistics: false, log_payloads: false },
  };
  return { conf, routeType, model: { provider, name, options }, stream, responseId, created: CREATED };
}

/** A value as it would be serialised (drops undefined fields), for deepEqual against JSON fixtures. */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** `spec/fixtures/drivers/<area>/<file>`, parsed. */
export function fixture<T = unknown>(area: string, file: string): T {
  return readJsonFixture<T>('drivers', area, file);
}

/** `spec/fixtures/drivers/<area>/<file>`, as bytes. */
export function fixtureBytes(area: string, file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(fixturePath('drivers', area, file)));
}

/** `<case>.request.json` through `toUpstream` must equal `<case>.upstream.json`; returns the whole translation (headers too). */
export function assertRequestGolden(driver: Driver, ctx: DriverContext, area: string, name: string): ReturnType<Driver['toUpstream']> {
  const out = driver.toUpstream(fixture<OpenAIRequest>(area, `${name}.request.json`), ctx);
  assert.deepEqual(asJson(out.body), fixture(area, `${name}.upstream.json`));
  return out;
}

/** `<case>.response.json` through `fromUpstream` must equal `<case>.openai.json`. */
export function assertResponseGolden(driver: Driver, ctx: DriverContext, area: string, name: string): void {
  const out = driver.fromUpstream(fixture(area, `${name}.response.json`), ctx);
  assert.deepEqual(asJson(out), fixture(area, `${name}.openai.json`));
}

/** What a whole stream amounts to for the client: chunks, last usage counts, end, errors, a cut. */
export interface StreamReplay {
  chunks: OpenAIChunk[];
  usage: NonNullable<StreamStep['usage']>;
  done: boolean;
  errors: string[];
  /** The decoder ended inside an event. */
  truncated: boolean;
}

/**
 * Decodes `bytes` pushed in pieces cut at `cuts` (offsets; those outside the bytes and repeats are
 * ignored) with a fresh decoder and mapper, mapping every event. Returned as JSON would carry it.
 */
export function replayStream(driver: Driver, ctx: DriverContext, bytes: Uint8Array, cuts: readonly number[] = []): StreamReplay {
  const decoder = createStreamDecoder(driver.streamFraming(ctx));
  const mapper = driver.createStreamMapper(ctx);
  const out: StreamReplay = { chunks: [], usage: {}, done: false, errors: [], truncated: false };
  const take = (events: ReturnType<typeof decoder.push>): void => {
    for (const event of events) {
      const step = mapper.map(event);
      out.chunks.push(...step.chunks);
      if (step.usage) Object.assign(out.usage, step.usage);
      if (step.done) out.done = true;
      if (step.error) out.errors.push(`${step.error.status} ${step.error.message}`);
    }
  };
  const inside = [...new Set(cuts)].filter((cut) => cut > 0 && cut < bytes.length).sort((a, b) => a - b);
  let start = 0;
  for (const cut of [...inside, bytes.length]) {
    take(decoder.push(bytes.subarray(start, cut)));
    start = cut;
  }
  const end = decoder.end();
  take(end.events);
  out.truncated = end.truncated;
  return asJson(out) as StreamReplay;
}

/** Every offset: each byte is pushed on its own (splits UTF-8 sequences, CRLFs and fields). */
export function everyByte(length: number): number[] {
  return Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
}

/** Deterministic PRNG (mulberry32), so a failing split can be reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct cut offsets inside `length` bytes, drawn from seed `seed`, ascending. */
export function randomCuts(length: number, count: number, seed: number): number[] {
  const next = seededRandom(seed);
  const cuts = new Set<number>();
  while (cuts.size < Math.min(count, length - 1)) cuts.add(1 + Math.floor(next() * (length - 1)));
  return [...cuts].sort((a, b) => a - b);
}

/**
 * The stream golden in one assertion: `<case>.stream.txt` replayed whole must equal
 * `<case>.chunks.json`, and so must every split — at each byte, and at 20 seeded random sets of
 * 1 to 12 offsets.
 */
export function assertStreamGolden(driver: Driver, ctx: DriverContext, area: string, name: string): void {
  const bytes = fixtureBytes(area, `${name}.stream.txt`);
  const whole = replayStream(driver, ctx, bytes);
  assert.deepEqual(whole, fixture(area, `${name}.chunks.json`), 'whole stream');
  assert.deepEqual(replayStream(driver, ctx, bytes, everyByte(bytes.length)), whole, 'split at every byte');
  for (let seed = 1; seed <= 20; seed++) {
    const random = seededRandom(seed);
    const offsets = Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.floor(random() * bytes.length));
    assert.deepEqual(replayStream(driver, ctx, bytes, offsets), whole, `split with seed ${seed} at ${offsets.join(',')}`);
  }
}

/**
 * The stream golden as three tests: whole, split at 20 seeded random sets of offsets (1 to 31 of
 * them), and one byte at a time — each must give `<case>.chunks.json`.
 */
export function itReplaysStreamGolden(driver: Driver, ctx: () => DriverContext, area: string, name: string): void {
  const bytes = fixtureBytes(area, `${name}.stream.txt`);
  const expected = fixture(area, `${name}.chunks.json`);

  it(`${name}: whole`, () => {
    assert.deepEqual(replayStream(driver, ctx(), bytes), expected);
  });

  it(`${name}: split at seeded random offsets`, () => {
    for (let seed = 1; seed <= 20; seed++) {
      assert.deepEqual(replayStream(driver, ctx(), bytes, randomCuts(bytes.length, 1 + (seed % 7) * 5, seed)), expected, `seed ${seed}`);
    }
  });

  it(`${name}: one byte at a time`, () => {
    assert.deepEqual(replayStream(driver, ctx(), bytes, everyByte(bytes.length)), expected);
  });
}

/**
 * Golden-fixture harness for driver tests (used by the anthropic and cohere specs): a fixed
 * DriverContext, fixture readers, and a stream replay that decodes recorded provider bytes split
 * at chosen offsets and maps every event with the driver's stream mapper.
 */
import fs from 'node:fs';
import { createStreamDecoder } from '../../../../src/llm/stream/decoders';
import type { Driver, DriverContext } from '../../../../src/llm/drivers/types';
import type { LlmRouteType, ModelOptions, OpenAIChunk, PluginConfig, Provider } from '../../../../src/llm/types';
import { fixturePath, readJsonFixture } from '../../../helpers/paths';

export const RESPONSE_ID = 'chatcmpl-test';
export const CREATED = 1700000000;

export interface ContextOptions {
  name: string;
  options?: ModelOptions;
  stream?: boolean;
}

export function driverContext(provider: Provider, routeType: LlmRouteType, opts: ContextOptions): DriverContext {
  const options = opts.options ?? {};
  const conf: PluginConfig = {
    route_type: routeType,
    llm_format: 'openai',
    genai_category: 'text/generation',
    response_streaming: 'allow',
    max_request_body_size: 8 * 1024,
    model_name_header: true,
    model: { provider, name: opts.name, options },
    logging: { log_statistics: false, log_payloads: false },
  };
  return {
    conf,
    routeType,
    model: { provider, name: opts.name, options },
    stream: opts.stream ?? false,
    responseId: RESPONSE_ID,
    created: CREATED,
  };
}

/** A value as it would be serialised (drops undefined fields), for deepEqual against JSON fixtures. */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export function fixture(provider: string, file: string): unknown {
  return readJsonFixture('drivers', provider, file);
}

export function fixtureBytes(provider: string, file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(fixturePath('drivers', provider, file)));
}

/** What a whole stream amounts to for the client: chunks, last usage counts, end, errors. */
export interface StreamReplay {
  chunks: OpenAIChunk[];
  usage: { prompt_tokens?: number; completion_tokens?: number };
  done: boolean;
  errors: string[];
}

/** Decodes `bytes` pushed in pieces cut at `cuts` (ascending offsets), mapping every event. */
export function replayStream(driver: Driver, ctx: DriverContext, bytes: Uint8Array, cuts: readonly number[]): StreamReplay {
  const decoder = createStreamDecoder(driver.streamFraming(ctx));
  const mapper = driver.createStreamMapper(ctx);
  const out: StreamReplay = { chunks: [], usage: {}, done: false, errors: [] };
  const take = (events: ReturnType<typeof decoder.push>): void => {
    for (const event of events) {
      const step = mapper.map(event);
      out.chunks.push(...step.chunks);
      if (step.usage) Object.assign(out.usage, step.usage);
      if (step.done) out.done = true;
      if (step.error) out.errors.push(`${step.error.status} ${step.error.message}`);
    }
  };
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    take(decoder.push(bytes.subarray(start, cut)));
    start = cut;
  }
  const end = decoder.end();
  if (end.truncated) out.errors.push('truncated');
  take(end.events);
  return asJson(out) as StreamReplay;
}

/** Every offset: each byte is pushed on its own (splits UTF-8 sequences, CRLFs and fields). */
export function everyByte(length: number): number[] {
  return Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
}

/** `count` distinct cut offsets from a seeded PRNG (mulberry32), so a failure reproduces. */
export function randomCuts(length: number, count: number, seed: number): number[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const cuts = new Set<number>();
  while (cuts.size < Math.min(count, length - 1)) cuts.add(1 + Math.floor(next() * (length - 1)));
  return [...cuts].sort((a, b) => a - b);
}

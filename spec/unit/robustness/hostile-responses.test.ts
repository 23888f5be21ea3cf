/**
 * Hostile upstream answers through `translateResponse`, for every provider × route type × stream
 * on/off: junk JSON, recorded answers with junk inner values, empty and binary bodies, recorded
 * bodies and streams cut at many offsets, gzip-labelled plain bodies, statuses 2xx/4xx/5xx.
 * It must always return a JSON or SSE answer; a 2xx with garbage is a 502 (never a 200 that
 * pretends success); an error status keeps its status; a cut stream ends with an error event and
 * no `[DONE]`; and no driver fails with a JavaScript exception (the generic "An unexpected error
 * occurred" instead of a message naming what was wrong).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { asLlmError, LlmError } from '../../../src/llm/errors';
import { prepareUpstreamRequest } from '../../../src/llm/pipeline/access';
import type { RequestState } from '../../../src/llm/pipeline/request-state';
import { translateResponse, type ClientAnswer, type UpstreamAnswer } from '../../../src/llm/pipeline/response';
import type { Json, LlmRouteType, PluginConfig } from '../../../src/llm/types';
import { randomCuts, seededRandom } from '../../helpers/drivers';
import { fixturePath } from '../../helpers/paths';
import { junk, pathsOf, pick, withPath, type Rng } from './hostile-values';
import { PROVIDERS, routeCases, type RouteCase } from './providers';

/** The message any non-LlmError exception turns into: seeing it means a driver threw a JavaScript error. */
const GENERIC = asLlmError(new TypeError('probe')).message;
const ERROR_STATUSES = [400, 401, 404, 413, 429, 500, 502, 503] as const;
const IDS = { responseId: 'chatcmpl-robust', now: 1_700_000_001_000 };

const CLIENT_BODIES: Record<LlmRouteType, Record<string, unknown>> = {
  'llm/v1/chat': { messages: [{ role: 'user', content: 'What is the weather?' }] },
  'llm/v1/completions': { prompt: 'Once upon a time' },
  'llm/v1/embeddings': { input: 'hello', encoding_format: 'base64' },
};

/**
 * The request state the access stage leaves for this route, streaming or not; undefined when the
 * access stage refuses every such request (e.g. llama2's raw format cannot stream), so no upstream
 * answer can ever reach the response stage.
 */
async function stateFor(conf: PluginConfig, routeType: LlmRouteType, stream: boolean): Promise<RequestState | undefined> {
  const body = { ...CLIENT_BODIES[routeType], ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}) };
  try {
    return (await prepareUpstreamRequest(conf, { headers: {}, rawBody: JSON.stringify(body), query: {} }, { now: () => IDS.now - 500 })).state;
  } catch (err) {
    if (err instanceof LlmError && err.status === 400) return undefined;
    throw err;
  }
}

function areaFiles(areas: string[], suffix: string): { name: string; bytes: Buffer }[] {
  return areas.flatMap((area) =>
    fs
      .readdirSync(fixturePath('drivers', area))
      .filter((file) => file.endsWith(suffix))
      .sort()
      .map((file) => ({ name: `${area}/${file}`, bytes: fs.readFileSync(fixturePath('drivers', area, file)) })),
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `{"error":{"message": non-empty}}`, or a reason it is not. */
function errorShapeProblem(body: string): string | undefined {
  const value = parsed(body);
  if (!isRecord(value) || !isRecord(value.error)) return `not an error body: ${body.slice(0, 200)}`;
  const message = value.error.message;
  if (typeof message !== 'string' || message.trim() === '') return `error without a message: ${body.slice(0, 200)}`;
  return message === GENERIC ? `a driver threw a JavaScript exception (generic message)` : undefined;
}

/** A 200 JSON answer must be an OpenAI answer at the top: `choices` (chat, completions) or `data` (embeddings). */
function successShapeProblem(body: string, routeType: LlmRouteType): string | undefined {
  const value = parsed(body);
  const field = routeType === 'llm/v1/embeddings' ? 'data' : 'choices';
  if (!isRecord(value) || !Array.isArray(value[field])) return `200 without an OpenAI '${field}' array: ${body.slice(0, 200)}`;
  return undefined;
}

/**
 * A translated (not passed-through) 200 must be OpenAI's shape inside too: what SDKs read has
 * OpenAI's types (content a string or null, tool-call arguments a string, embeddings numbers).
 */
function translatedShapeProblem(body: string, routeType: LlmRouteType): string | undefined {
  const value = parsed(body) as Record<string, unknown>;
  const bad = (what: string): string => `translated 200 with ${what}: ${body.slice(0, 300)}`;
  if (routeType === 'llm/v1/embeddings') {
    for (const item of value.data as unknown[]) {
      if (!isRecord(item) || !Array.isArray(item.embedding) && typeof item.embedding !== 'string') return bad('an embedding that is not a vector');
      if (Array.isArray(item.embedding) && !item.embedding.every((n) => typeof n === 'number')) return bad('a vector of non-numbers');
    }
    return undefined;
  }
  for (const choice of value.choices as unknown[]) {
    if (!isRecord(choice)) return bad('a choice that is not an object');
    if (!(choice.finish_reason === null || typeof choice.finish_reason === 'string')) return bad('a finish_reason that is not a string');
    if (routeType === 'llm/v1/completions') {
      if (typeof choice.text !== 'string') return bad('a text that is not a string');
      continue;
    }
    const message = choice.message;
    if (!isRecord(message)) return bad('a message that is not an object');
    if (!(message.content === null || typeof message.content === 'string')) return bad('content that is not a string');
    if (message.tool_calls !== undefined) {
      if (!Array.isArray(message.tool_calls)) return bad('tool_calls that are not an array');
      for (const call of message.tool_calls as unknown[]) {
        if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string' || typeof call.function.arguments !== 'string') return bad('a malformed tool call');
      }
    }
  }
  return undefined;
}

/** Each translated chunk must be OpenAI's chunk shape: a `choices` array of deltas (or texts) with OpenAI's types. */
function translatedChunksProblem(events: string[], routeType: LlmRouteType): string | undefined {
  for (const event of events) {
    if (event === 'data: [DONE]') continue;
    const chunk = parsed(event.slice(6));
    if (!isRecord(chunk) || 'error' in chunk) continue;
    const bad = (what: string): string => `translated chunk with ${what}: ${event.slice(0, 300)}`;
    if (!Array.isArray(chunk.choices)) return bad('no choices array');
    for (const choice of chunk.choices as unknown[]) {
      if (!isRecord(choice)) return bad('a choice that is not an object');
      if (routeType === 'llm/v1/completions') {
        if (typeof choice.text !== 'string') return bad('a text that is not a string');
        continue;
      }
      const delta = choice.delta;
      if (!isRecord(delta)) return bad('a delta that is not an object');
      if (!(delta.content === undefined || delta.content === null || typeof delta.content === 'string')) return bad('content that is not a string');
      if (delta.tool_calls !== undefined) {
        if (!Array.isArray(delta.tool_calls)) return bad('tool_calls that are not an array');
        for (const call of delta.tool_calls as unknown[]) {
          if (!isRecord(call) || typeof call.index !== 'number') return bad('a tool call without an index');
          if (call.function !== undefined && (!isRecord(call.function) || (call.function.arguments !== undefined && typeof call.function.arguments !== 'string'))) return bad('tool-call arguments that are not a string');
        }
      }
    }
  }
  return undefined;
}

/** Providers whose answers pass through as OpenAI's (only their top level is checked, as in Kong). */
const PASSTHROUGH = new Set(['openai', 'azure', 'mistral/openai', 'llama2/openai']);

interface SseShape {
  events: string[];
  done: boolean;
  errored: boolean;
}

/** SSE framing of our own output: only `data: …\n\n` events; `[DONE]` last if present; an error event last if present. */
function sseShape(body: string): SseShape | string {
  if (!body.endsWith('\n\n')) return `SSE body does not end an event: …${body.slice(-120)}`;
  const events = body.slice(0, -2).split('\n\n');
  for (const event of events) {
    if (!event.startsWith('data: ')) return `SSE event without data: ${event.slice(0, 120)}`;
    if (event !== 'data: [DONE]' && parsed(event.slice(6)) === undefined) return `SSE data that is not JSON: ${event.slice(0, 120)}`;
  }
  const doneAt = events.indexOf('data: [DONE]');
  const errorAt = events.findIndex((event) => isRecord(parsed(event.slice(6))) && 'error' in (parsed(event.slice(6)) as Record<string, unknown>));
  if (doneAt !== -1 && doneAt !== events.length - 1) return '[DONE] is not the last event';
  if (errorAt !== -1 && errorAt !== events.length - 1) return 'the error event is not the last event';
  if (doneAt === -1 && errorAt === -1) return 'stream ends with neither [DONE] nor an error event';
  return { events, done: doneAt !== -1, errored: errorAt !== -1 };
}

type Expect = 'garbage' | 'any';

/** Checks one answer; returns a problem or undefined. `garbage`: the body is not a valid answer, so no success. */
function answerProblem(answer: ClientAnswer, upstream: UpstreamAnswer, state: RequestState, expect: Expect, badEncoding: boolean, passthrough = true): string | undefined {
  const type = answer.headers['content-type'];
  if (upstream.status < 200 || upstream.status > 299) {
    const want = badEncoding ? 502 : upstream.status;
    if (answer.status !== want) return `upstream ${upstream.status} became ${answer.status}`;
    if (type !== 'application/json') return `error answer typed ${type}`;
    return errorShapeProblem(answer.body);
  }
  if (answer.status === 502) {
    if (type !== 'application/json') return `502 typed ${type}`;
    return errorShapeProblem(answer.body);
  }
  if (answer.status !== 200) return `2xx became ${answer.status}`;
  if (state.stream) {
    if (type !== 'text/event-stream') return `stream answer typed ${type}`;
    const shape = sseShape(answer.body);
    if (typeof shape === 'string') return shape;
    if (expect === 'garbage' && shape.done) return `garbage stream ended with [DONE]: ${answer.body.slice(0, 300)}`;
    if (shape.errored) {
      const last = parsed(shape.events[shape.events.length - 1]!.slice(6)) as { error: { message?: unknown } };
      if (typeof last.error.message !== 'string' || last.error.message === '') return 'stream error event without a message';
      if (last.error.message === GENERIC) return 'a stream mapper threw a JavaScript exception (generic message)';
    }
    return passthrough ? undefined : translatedChunksProblem(shape.events, state.routeType);
  }
  if (type !== 'application/json') return `JSON answer typed ${type}`;
  if (expect === 'garbage') return `garbage became a 200: ${answer.body.slice(0, 300)}`;
  return successShapeProblem(answer.body, state.routeType) ?? (passthrough ? undefined : translatedShapeProblem(answer.body, state.routeType));
}

interface Trial {
  label: string;
  upstream: UpstreamAnswer;
  expect: Expect;
  badEncoding?: boolean;
}

function run(route: RouteCase, state: RequestState, trial: Trial): string | undefined {
  let answer: ClientAnswer;
  try {
    answer = translateResponse(route.conf, state, trial.upstream, IDS);
  } catch (err) {
    return `${trial.label}: translateResponse threw ${err instanceof Error ? err.stack : String(err)}`;
  }
  const passthrough = PASSTHROUGH.has(route.label.slice(0, route.label.indexOf(' ')));
  const problem = answerProblem(answer, trial.upstream, state, trial.expect, trial.badEncoding === true, passthrough);
  if (problem === undefined) return undefined;
  const sent = typeof trial.upstream.body === 'string' ? trial.upstream.body.slice(0, 300) : `${trial.upstream.body?.byteLength ?? 0} bytes`;
  return `${trial.label} (status ${trial.upstream.status}): ${problem}${answer.problem ? ` [problem: ${answer.problem}]` : ''}\n  upstream body: ${sent}`;
}

function randomBytes(rng: Rng, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(rng() * 256));
}

/** Generated trials: junk JSON, empty, binary, gzip-labelled plain text, at 2xx and error statuses. */
function generatedTrials(rng: Rng, count: number): Trial[] {
  const trials: Trial[] = [];
  for (let n = 0; n < count; n++) {
    const status = rng() < 0.6 ? pick(rng, [200, 201]) : pick(rng, ERROR_STATUSES);
    const kind = Math.floor(rng() * 6);
    switch (kind) {
      case 0:
      case 1: {
        // A junk object may carry a key a lenient driver reads as an answer (cohere's `text`), as Kong's would.
        const value = junk(rng);
        const expect = isRecord(value) ? 'any' : 'garbage';
        trials.push({ label: `junk json #${n}`, upstream: { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }, expect });
        break;
      }
      case 2:
        trials.push({ label: `empty #${n}`, upstream: { status, headers: {}, body: pick(rng, ['', null, undefined, new Uint8Array(0)]) }, expect: 'garbage' });
        break;
      case 3:
        trials.push({ label: `binary #${n}`, upstream: { status, headers: { 'content-type': 'application/octet-stream' }, body: randomBytes(rng, 1 + Math.floor(rng() * 300)) }, expect: 'garbage' });
        break;
      case 4:
        trials.push({
          label: `gzip-labelled plain #${n}`,
          upstream: { status, headers: { 'content-encoding': pick(rng, ['gzip', 'deflate', 'br', 'x-gzip', 'compress']) }, body: '{"choices":[]}' },
          expect: 'garbage',
          badEncoding: true,
        });
        break;
      case 5: {
        // Nested past what JSON.stringify can re-serialise (built as text: too deep to build as a value).
        const depth = 1_001 + Math.floor(rng() * 50_000);
        const deep = '['.repeat(depth) + ']'.repeat(depth);
        const body = pick(rng, [`{"choices":[],"data":[],"content":[],"x":${deep}}`, `{"error":{"message":"slow down","x":${deep}}}`, `data: {"choices":[],"x":${deep}}\n\ndata: [DONE]\n\n`]);
        trials.push({ label: `nested ${depth} deep #${n}`, upstream: { status, headers: {}, body }, expect: 'garbage' });
        break;
      }
      default:
        throw new Error(`trial kind ${kind} out of range`);
    }
  }
  return trials;
}

/** Error bodies in the providers' shapes (OpenAI, Anthropic, Cohere, Hugging Face, Ollama, Kong) with junk inside. */
function errorShapedTrials(rng: Rng, count: number): Trial[] {
  const shapes: ((value: Json) => Json)[] = [
    (v) => ({ error: v }),
    (v) => ({ error: { message: v, type: junk(rng, 0), code: junk(rng, 0) } }),
    (v) => ({ type: 'error', error: { type: v, message: junk(rng, 0) } }),
    (v) => ({ message: v }),
    (v) => ({ error: 'overloaded', error_type: v, estimated_time: junk(rng, 0) }),
    (v) => ({ detail: v }),
    (v) => ({ errors: [v] }),
  ];
  return Array.from({ length: count }, (_, n) => ({
    label: `error-shaped #${n}`,
    upstream: { status: pick(rng, [200, ...ERROR_STATUSES]), headers: { 'content-type': 'application/json' }, body: JSON.stringify(pick(rng, shapes)(junk(rng, 2))) },
    // At 2xx an error-shaped body is no answer (no 200), unless a lenient driver finds one in it.
    expect: 'any' as const,
  }));
}

/** Recorded provider answers with one to three inner values replaced by junk. */
function mutatedTrials(rng: Rng, recorded: { name: string; bytes: Buffer }[], count: number): Trial[] {
  if (recorded.length === 0) return [];
  const trials: Trial[] = [];
  for (let n = 0; n < count; n++) {
    const source = pick(rng, recorded);
    let body = JSON.parse(source.bytes.toString('utf8')) as Json;
    const paths = pathsOf(body);
    for (let i = 1 + Math.floor(rng() * 3); i > 0 && paths.length > 0; i--) body = withPath(body, pick(rng, paths), junk(rng, 2));
    trials.push({ label: `${source.name} mutated #${n}`, upstream: { status: pick(rng, [200, 200, 201, 400, 500]), headers: {}, body: JSON.stringify(body) }, expect: 'any' });
  }
  return trials;
}

/**
 * Recorded streams with junk inside their events: each JSON payload (an SSE `data:` line or an
 * NDJSON line) is, with some chance, given junk at one of its paths, keeping the framing intact.
 */
function mutatedStreamTrials(rng: Rng, recorded: { name: string; bytes: Buffer }[], count: number): Trial[] {
  if (recorded.length === 0) return [];
  const trials: Trial[] = [];
  for (let n = 0; n < count; n++) {
    const source = pick(rng, recorded);
    const lines = source.bytes.toString('utf8').split('\n').map((line) => {
      const prefix = line.startsWith('data:') ? line.slice(0, line.startsWith('data: ') ? 6 : 5) : '';
      const payload = parsed(line.slice(prefix.length));
      if (!isRecord(payload) || rng() < 0.6) return line;
      const paths = pathsOf(payload as Json);
      const leaf = junk(rng, 1);
      return prefix + JSON.stringify(paths.length === 0 ? leaf : withPath(payload as Json, pick(rng, paths), leaf));
    });
    trials.push({ label: `${source.name} events mutated #${n}`, upstream: { status: 200, headers: { 'content-type': 'text/event-stream' }, body: lines.join('\n') }, expect: 'any' });
  }
  return trials;
}

/** Recorded bodies cut strictly inside their JSON text: never valid JSON, so never a success. */
function truncatedJsonTrials(recorded: { name: string; bytes: Buffer }[], seed: number): Trial[] {
  return recorded.flatMap((source) => {
    const text = source.bytes.toString('utf8').trimEnd();
    return randomCuts(text.length, 12, seed).map((cut) => ({ label: `${source.name} cut at ${cut}`, upstream: { status: 200, headers: {}, body: text.slice(0, cut) }, expect: 'garbage' as const }));
  });
}

const STREAM_ROUTES = new Set<LlmRouteType>(['llm/v1/chat', 'llm/v1/completions']);

describe('hostile upstream answers: translateResponse always answers, never a 200 for garbage', async () => {
  for (const [index, route] of routeCases().entries()) {
    const provider = PROVIDERS.find((p) => route.label.startsWith(`${p.label} `))!;
    for (const stream of STREAM_ROUTES.has(route.routeType) ? [false, true] : [false]) {
      const state = await stateFor(route.conf, route.routeType, stream);
      if (!state) continue;
      it(`${route.label}${stream ? ' stream' : ''}`, async () => {
        const rng = seededRandom(7919 * (index + 1) + (stream ? 1 : 0));
        const recorded = areaFiles(provider.fixtureAreas, '.response.json');
        const streams = stream ? areaFiles(provider.fixtureAreas, '.stream.txt') : [];
        const trials = [
          ...generatedTrials(rng, 150),
          ...errorShapedTrials(rng, 60),
          ...mutatedTrials(rng, recorded, 150),
          ...(stream ? mutatedStreamTrials(rng, streams, 150) : truncatedJsonTrials(recorded, index + 1)),
        ];
        const failures: string[] = [];
        for (const trial of trials) {
          const problem = run(route, state, trial);
          if (problem !== undefined && failures.length < 4) failures.push(problem);
        }
        assert.deepEqual(failures, []);
      });
    }
  }
});

describe('cut streams end with an error event and no [DONE]', async () => {
  for (const [index, route] of routeCases().entries()) {
    if (!STREAM_ROUTES.has(route.routeType)) continue;
    const provider = PROVIDERS.find((p) => route.label.startsWith(`${p.label} `))!;
    const state = await stateFor(route.conf, route.routeType, true);
    if (!state) continue;
    it(route.label, async () => {
      const failures: string[] = [];
      let wholeStreamsComplete = 0;
      for (const source of areaFiles(provider.fixtureAreas, '.stream.txt')) {
        const translate = (body: Buffer): ClientAnswer => translateResponse(route.conf, state, { status: 200, headers: { 'content-type': 'text/event-stream' }, body }, IDS);
        // The shortest prefix whose answer completes: every shorter cut must end in an error event.
        let completeFrom: number | undefined;
        for (const cut of [...randomCuts(source.bytes.length, 40, index + 11), source.bytes.length]) {
          const answer = translate(source.bytes.subarray(0, cut));
          const problem = answerProblem(answer, { status: 200, headers: {}, body: null }, state, 'any', false, PASSTHROUGH.has(provider.label));
          if (problem !== undefined) failures.push(`${source.name} cut at ${cut}: ${problem}`);
          const shape = sseShape(answer.body);
          const done = typeof shape !== 'string' && shape.done;
          if (done) completeFrom ??= cut;
          else if (completeFrom !== undefined) failures.push(`${source.name}: cut at ${completeFrom} completes, cut at ${cut} does not`);
        }
        // Only a cut inside the stream's last event may still complete (trailing bytes after the end).
        const lastEvent = source.bytes.toString('latin1').trimEnd().lastIndexOf('\n');
        if (completeFrom !== undefined) wholeStreamsComplete++;
        if (completeFrom !== undefined && completeFrom <= lastEvent) failures.push(`${source.name}: completes when cut at ${completeFrom}, before its last event at ${lastEvent}`);
      }
      assert.deepEqual(failures.slice(0, 5), []);
      // At least one recorded stream is this route's own and completes whole, so the cuts above mean something.
      assert.ok(wholeStreamsComplete > 0, 'no recorded stream completes for this route');
    });
  }
});

describe('a compressed answer translates as the same answer sent plain', async () => {
  const compressors: [string, (b: Buffer) => Buffer][] = [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]];
  for (const [index, route] of routeCases().entries()) {
    const provider = PROVIDERS.find((p) => route.label.startsWith(`${p.label} `))!;
    for (const stream of STREAM_ROUTES.has(route.routeType) ? [false, true] : [false]) {
      const state = await stateFor(route.conf, route.routeType, stream);
      if (!state) continue;
      it(`${route.label}${stream ? ' stream' : ''}`, async () => {
        const sources = areaFiles(provider.fixtureAreas, stream ? '.stream.txt' : '.response.json');
        assert.ok(sources.length > 0, 'no recorded answers for this provider');
        for (const source of sources) {
          const [name, compress] = compressors[(index + source.name.length) % compressors.length]!;
          const plain = translateResponse(route.conf, state, { status: 200, headers: {}, body: source.bytes }, IDS);
          const packed = translateResponse(route.conf, state, { status: 200, headers: { 'content-encoding': name }, body: compress(source.bytes) }, IDS);
          assert.deepEqual({ status: packed.status, body: packed.body }, { status: plain.status, body: plain.body }, `${source.name} as ${name}`);
          assert.deepEqual(packed.clearHeaders, ['content-encoding']);
        }
      });
    }
  }
});

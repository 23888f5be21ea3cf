/**
 * What the end-to-end provider tests (spec/e2e/ai-proxy-*.test.ts) read and assert the same way:
 * the request the mock received, the gateway's log lines, SDK streams drained as a user drains
 * them, and the test shapes every provider goes through (a weather tool round trip, upstream
 * errors, a cut stream, a refused key). Each test file keeps its provider's own expectations.
 */
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { AiStack } from './ai-stack';
import { readJsonFixture } from './paths';

/** The tool every provider test offers: get_weather(city, days). */
export const WEATHER_TOOL = readJsonFixture<OpenAI.ChatCompletionFunctionTool>('e2e', 'weather-tool.json');

/** The value at a path of keys and indexes in parsed JSON, or undefined. */
export function dig(value: unknown, ...path: Array<string | number>): unknown {
  let at: unknown = value;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[key] : undefined;
  return at;
}

export interface UpstreamRequest {
  path: string;
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** The last request the mock received, its body a JSON object. */
export function lastUpstream(stack: AiStack): UpstreamRequest {
  const last = stack.mock.requests.at(-1);
  assert.ok(last, 'the mock received no request');
  const body = last.body;
  assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body), `the upstream body is a JSON object: ${String(body)}`);
  return { path: last.path, headers: last.headers, body: body as Record<string, unknown> };
}

/** The gateway's last log line for a route (matched by request URI prefix). */
export function lastLogLine(stack: AiStack, path: string): unknown {
  const entries = stack.gateway.logs.filter((e) => String(dig(e, 'request', 'uri') ?? '').startsWith(path));
  assert.ok(entries.length > 0, `no log line for ${path}`);
  return entries.at(-1);
}

/** `ai.proxy` (Kong's analytics) of the last log line for a route. */
export function lastAnalytics(stack: AiStack, path: string): unknown {
  const line = lastLogLine(stack, path);
  const proxy = dig(line, 'ai', 'proxy');
  assert.ok(proxy, `no ai.proxy in ${JSON.stringify(line)}`);
  return proxy;
}

/** Kong's analytics for a route's last request name `provider` and carry these usage counts. */
export function assertAnalytics(stack: AiStack, path: string, provider: string, usage: Partial<Record<'prompt_tokens' | 'completion_tokens', number>>): void {
  const proxy = lastAnalytics(stack, path);
  assert.equal(dig(proxy, 'meta', 'provider_name'), provider);
  for (const [key, count] of Object.entries(usage)) assert.equal(dig(proxy, 'usage', key), count, `usage.${key}`);
}

export interface StreamedCall {
  id?: string;
  name?: string;
  arguments: string;
}

export interface CollectedChat {
  chunks: number;
  text: string;
  finish?: string | null;
  usage?: OpenAI.CompletionUsage | null;
  calls: StreamedCall[];
}

/** Drains an SDK chat stream, joining text and tool-call deltas the way an SDK user does. */
export async function collectChat(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<CollectedChat> {
  const out: CollectedChat = { chunks: 0, text: '', calls: [] };
  for await (const chunk of stream) {
    out.chunks++;
    const choice = chunk.choices[0];
    out.text += choice?.delta.content ?? '';
    out.finish = choice?.finish_reason ?? out.finish;
    out.usage = chunk.usage ?? out.usage;
    for (const delta of choice?.delta.tool_calls ?? []) {
      const call = (out.calls[delta.index] ??= { arguments: '' });
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name = delta.function.name;
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  return out;
}

/** A system message and a user one: 2 + 4 words in; the mock answers "Echo: Hello from the SDK", 5 words. */
export const HELLO_MESSAGES: OpenAI.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Hello from the SDK' },
];

/** Sends HELLO_MESSAGES (with any `extra` request fields). */
export async function askHello(client: OpenAI, model: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}): Promise<OpenAI.ChatCompletion> {
  return client.chat.completions.create({ ...extra, model, messages: HELLO_MESSAGES });
}

/** The answer to HELLO_MESSAGES: the echo, `stop`, 6 + 5 = 11 tokens. */
export function assertHelloEchoed(chat: OpenAI.ChatCompletion): void {
  assert.equal(chat.choices[0]?.message.content, 'Echo: Hello from the SDK');
  assert.equal(chat.choices[0]?.finish_reason, 'stop');
  assert.equal(chat.usage?.prompt_tokens, 6);
  assert.equal(chat.usage?.completion_tokens, 5);
  assert.equal(chat.usage?.total_tokens, 11);
}

/** Streams "one two three four" with `include_usage`; the mock echoes it as "Echo: one two three four". */
export async function streamFourWords(client: OpenAI, model: string): Promise<CollectedChat> {
  return collectChat(await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'one two three four' }], stream: true, stream_options: { include_usage: true } }));
}

/** What that stream adds up to for the client: several chunks, the echo, `stop`, 4 prompt and 5 completion tokens. */
export function assertFourWordsEchoed(got: CollectedChat): void {
  assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
  assert.equal(got.text, 'Echo: one two three four');
  assert.equal(got.finish, 'stop');
  assert.equal(got.usage?.prompt_tokens, 4);
  assert.equal(got.usage?.completion_tokens, 5);
}

export interface CollectedCompletion {
  chunks: number;
  text: string;
  finish?: string | null;
}

/** Drains an SDK completions stream, joining the text. */
export async function collectCompletion(stream: AsyncIterable<OpenAI.Completion>): Promise<CollectedCompletion> {
  const out: CollectedCompletion = { chunks: 0, text: '' };
  for await (const chunk of stream) {
    out.chunks++;
    out.text += chunk.choices[0]?.text ?? '';
    out.finish = chunk.choices[0]?.finish_reason ?? out.finish;
  }
  return out;
}

export interface WeatherQuestion {
  question: OpenAI.ChatCompletionMessageParam;
  /** The assistant message that asks for the tool, as the client sends it back. */
  message: OpenAI.ChatCompletionMessage;
  call: OpenAI.ChatCompletionMessageFunctionToolCall;
}

/**
 * Asks about Lyon with WEATHER_TOOL offered and asserts what the mock's model does with it:
 * it finishes with `tool_calls`, one call of get_weather({city: 'Lyon', days: 1}).
 */
export async function askWeatherInLyon(client: OpenAI, model: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}): Promise<WeatherQuestion> {
  const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Lyon' };
  const first = await client.chat.completions.create({ ...extra, model, messages: [question], tools: [WEATHER_TOOL] });
  const choice = first.choices[0];
  assert.equal(choice?.finish_reason, 'tool_calls');
  const call = choice?.message.tool_calls?.[0];
  assert.ok(call && call.type === 'function', 'a function tool call');
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Lyon', days: 1 });
  return { question, message: choice.message, call };
}

/** Sends the tool's result for the call `askWeatherInLyon` got; the mock answers "Tool said: …". */
export async function answerWeather(client: OpenAI, model: string, asked: WeatherQuestion): Promise<OpenAI.ChatCompletion> {
  return client.chat.completions.create({
    model,
    tools: [WEATHER_TOOL],
    messages: [asked.question, asked.message, { role: 'tool', tool_call_id: asked.call.id, content: 'sunny and 21 degrees' }],
  });
}

/** Streams the question the mock's model answers with one get_weather call (four days ahead). */
export async function streamWeatherCall(client: OpenAI, model: string): Promise<CollectedChat> {
  return collectChat(await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'What about Saint Malo' }], tools: [WEATHER_TOOL], stream: true }));
}

/** The streamed get_weather call joined whole: one call, its id matching `id`, its arguments JSON. */
export function assertStreamedWeatherCall(got: CollectedChat, id: RegExp): void {
  assert.equal(got.finish, 'tool_calls');
  assert.equal(got.calls.length, 1);
  assert.equal(got.calls[0]?.name, 'get_weather');
  assert.match(got.calls[0]?.id ?? '', id);
  assert.deepEqual(JSON.parse(got.calls[0]?.arguments ?? ''), { city: 'What about Saint Malo', days: 4 });
}

/** Any id that is not empty (for providers that give none, where the driver makes one up). */
export const ANY_ID = /^.+$/s;

/** Asks for `x-mock-truncate` (events before the mock cuts the stream) and drains: the SDK must raise `error`. */
export async function assertCutStreamRaises(client: OpenAI, model: string, error: RegExp, truncateAfter = 3): Promise<void> {
  const stream = await client.chat.completions.create(
    { model, messages: [{ role: 'user', content: 'a b c d e f' }], stream: true },
    { headers: { 'x-mock-truncate': String(truncateAfter) } },
  );
  await assert.rejects(async () => {
    for await (const _ of stream) {
      // drain
    }
  }, error);
}

/** An SDK error class (they all extend OpenAI.APIError). */
type ApiErrorClass = abstract new (...args: never[]) => InstanceType<typeof OpenAI.APIError>;

export interface ExpectedUpstreamError {
  /** The status the mock answers with (`x-mock-status`), which must reach the client. */
  status: number;
  type: ApiErrorClass;
  /** Text the client's error message contains (a string), or matches (a pattern). */
  message: string | RegExp;
}

/** For each status, the mock's error reaches the SDK as `type` with that status and the provider's message. */
export async function assertUpstreamErrors(client: OpenAI, model: string, expected: ExpectedUpstreamError[]): Promise<void> {
  for (const { status, type, message } of expected) {
    await assert.rejects(
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': String(status) } }),
      (err: unknown) => err instanceof type && err.status === status && (typeof message === 'string' ? err.message.includes(message) : message.test(err.message)),
    );
  }
}

export interface RefusedKeyRoute {
  /** The route configured with a key the mock refuses. */
  path: string;
  model: string;
  wrongKey: string;
  /** The key the other routes are configured with: no log line may show it either. */
  goodKey: string;
  /** What the provider's refusal says, where the test knows it. */
  message?: RegExp;
  /** The provider's refusal status: 401 for most; Google answers 400, AWS 403. */
  status?: 400 | 401 | 403;
  /** Other strings no log line may show (a signing secret, a signature). */
  otherSecrets?: string[];
}

const REFUSAL_ERRORS = { 400: OpenAI.BadRequestError, 401: OpenAI.AuthenticationError, 403: OpenAI.PermissionDeniedError } as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A refused key is a 401 AuthenticationError that shows neither key, in the answer or any log line. */
export async function assertRefusedKey(stack: AiStack, route: RefusedKeyRoute): Promise<void> {
  const wrongKey = new RegExp(escapeRegExp(route.wrongKey));
  const status = route.status ?? 401;
  const refusal = REFUSAL_ERRORS[status];
  await assert.rejects(stack.openai(route.path).chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'x' }] }), (err: unknown) => {
    assert.ok(err instanceof refusal, `not a ${refusal.name}: ${String(err)}`);
    assert.equal(err.status, status);
    if (route.message) assert.match(err.message, route.message);
    assert.doesNotMatch(`${err.message} ${JSON.stringify(err.error)}`, wrongKey);
    return true;
  });
  const secrets = [route.wrongKey, route.goodKey, ...(route.otherSecrets ?? [])].map(escapeRegExp).join('|');
  assert.doesNotMatch(JSON.stringify(stack.gateway.logs), new RegExp(secrets), 'no credential in any log line');
}

/** Asserts two embeddings are the same vector (component by component, to float precision). */
export function assertSameVector(got: ArrayLike<number>, expected: number[], label: string): void {
  assert.equal(got.length, expected.length);
  Array.from(got).forEach((v, i) => assert.ok(Math.abs(v - (expected[i] ?? NaN)) < 1e-6, `${label}[${i}]: ${v} vs ${expected[i]}`));
}

/** The SDK's default encoding_format (base64) decodes to the vector asked for as floats. */
export async function assertBase64EmbeddingMatchesFloats(client: OpenAI, model: string, input: string): Promise<void> {
  const asFloats = await client.embeddings.create({ model, input, encoding_format: 'float' });
  const byDefault = await client.embeddings.create({ model, input });
  assertSameVector(byDefault.data[0]?.embedding ?? [], asFloats.data[0]?.embedding ?? [], 'component');
}

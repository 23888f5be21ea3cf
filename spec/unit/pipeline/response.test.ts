import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { ANALYTICS_KEY, buildAnalytics, usageCost } from '../../../src/llm/analytics';
import type { RequestState } from '../../../src/llm/pipeline/request-state';
import { decodeRequestState, encodeRequestState } from '../../../src/llm/pipeline/request-state';
import { translateResponse, type UpstreamAnswer } from '../../../src/llm/pipeline/response';
import { OPENAI_CHAT, pluginConfig } from '../../helpers/config';
import { readFixture } from '../../helpers/paths';

const ids = { responseId: 'chatcmpl-fixed', now: 1_700_000_001_500 };

function state(extra: Partial<RequestState> = {}): RequestState {
  return {
    v: 1,
    routeType: 'llm/v1/chat',
    model: { provider: 'openai', name: 'gpt-4o', options: { input_cost: 2.5, output_cost: 10 } },
    stream: false,
    includeUsage: false,
    sentAt: 1_700_000_000_000,
    promptTokensEstimate: 3,
    ...extra,
  };
}

const jsonAnswer = (status: number, body: string, headers: Record<string, string> = {}): UpstreamAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

const stats = pluginConfig({ ...OPENAI_CHAT, model_name_header: true, logging: { log_statistics: true, log_payloads: false } });

describe('translateResponse: JSON answers', () => {
  it('passes an OpenAI answer through and computes Kong analytics', () => {
    const body = readFixture('pipeline', 'openai-chat.response.json');
    const answer = translateResponse(stats, state(), jsonAnswer(200, body), ids);
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), JSON.parse(body));
    assert.deepEqual(answer.headers, { 'content-type': 'application/json', 'x-kong-llm-model': 'openai/gpt-4o' });
    assert.deepEqual(answer.clearHeaders, []);
    assert.deepEqual(answer.analytics, {
      meta: { provider_name: 'openai', request_model: 'gpt-4o', response_model: 'gpt-4o-2024-08-06', llm_latency: 1500 },
      usage: { time_per_token: 5, prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500, cost: (1200 * 2.5 + 300 * 10) / 1e6 },
    });
    assert.equal(ANALYTICS_KEY, 'ai.proxy');
  });

  it('omits the model header when model_name_header is off, and analytics when statistics are off', () => {
    const answer = translateResponse(pluginConfig({ ...OPENAI_CHAT, model_name_header: false }), state(), jsonAnswer(200, readFixture('pipeline', 'openai-chat.response.json')), ids);
    assert.equal(answer.headers['x-kong-llm-model'], undefined);
    assert.equal(answer.analytics, undefined);
  });

  it('logs payloads when asked', () => {
    const conf = pluginConfig({ ...OPENAI_CHAT, logging: { log_statistics: true, log_payloads: true } });
    const body = readFixture('pipeline', 'openai-chat.response.json');
    const answer = translateResponse(conf, state({ requestBody: '{"messages":[]}' }), jsonAnswer(200, body), ids);
    assert.equal(answer.analytics?.payload?.request, '{"messages":[]}');
    assert.equal(answer.analytics?.payload?.response, answer.body);
  });

  it('inflates a gzip answer and clears its Content-Encoding', () => {
    const body = readFixture('pipeline', 'openai-chat.response.json');
    const answer = translateResponse(stats, state(), { status: 200, headers: { 'content-encoding': 'gzip' }, body: gzipSync(body) }, ids);
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), JSON.parse(body));
    assert.deepEqual(answer.clearHeaders, ['content-encoding']);
  });

  it('turns a 200 that is not JSON, or not the provider shape, into a 502', () => {
    const garbage = translateResponse(stats, state(), jsonAnswer(200, '<html>oops</html>'), ids);
    assert.equal(garbage.status, 502);
    assert.match(JSON.parse(garbage.body).error.message, /not JSON/);
    assert.ok(garbage.problem);
    const wrongShape = translateResponse(stats, state(), jsonAnswer(200, '{"result":"hi"}'), ids);
    assert.equal(wrongShape.status, 502);
    assert.match(JSON.parse(wrongShape.body).error.message, /'choices' not in llm\/v1\/chat response/);
    const corrupt = translateResponse(stats, state(), { status: 200, headers: { 'content-encoding': 'gzip' }, body: 'not gzip' }, ids);
    assert.equal(corrupt.status, 502);
  });
});

describe('translateResponse: upstream errors', () => {
  it('keeps the status and an OpenAI-shaped error as it is', () => {
    const error = { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded', param: null } };
    const answer = translateResponse(stats, state(), jsonAnswer(429, JSON.stringify(error)), ids);
    assert.equal(answer.status, 429);
    assert.deepEqual(JSON.parse(answer.body), error);
    assert.equal(answer.headers['x-kong-llm-model'], undefined);
    assert.match(answer.problem ?? '', /429/);
  });

  it('never echoes an HTML error page', () => {
    const answer = translateResponse(stats, state(), { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body>Service Unavailable</body></html>' }, ids);
    assert.equal(answer.status, 503);
    assert.deepEqual(JSON.parse(answer.body), { error: { message: 'openai upstream answered with HTTP 503' } });
  });

  it('redacts a configured credential an upstream echoes back', () => {
    const echoed = { error: { message: 'Incorrect API key provided: sk-test-secret', type: 'invalid_request_error' } };
    const answer = translateResponse(stats, state(), jsonAnswer(401, JSON.stringify(echoed)), ids);
    assert.equal(answer.status, 401);
    assert.doesNotMatch(answer.body, /sk-test-secret/);
    assert.doesNotMatch(answer.problem ?? '', /sk-test-secret/);
    assert.match(answer.body, /\[REDACTED\]/);
  });
});

describe('translateResponse: streams', () => {
  const stream = readFixture('pipeline', 'openai-chat.stream.txt');

  it('re-emits the OpenAI stream and counts its usage', () => {
    const answer = translateResponse(stats, state({ stream: true }), { status: 200, headers: { 'content-type': 'text/event-stream' }, body: stream }, ids);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'text/event-stream');
    const events = answer.body.split('\n\n').filter((e) => e !== '');
    assert.equal(events.length, 6);
    assert.equal(events.at(-1), 'data: [DONE]');
    assert.equal(JSON.parse(events[1]!.slice(6)).choices[0].delta.content, 'Hello');
    assert.deepEqual(answer.analytics?.usage.prompt_tokens, 9);
    assert.deepEqual(answer.analytics?.usage.completion_tokens, 4);
    assert.equal(answer.analytics?.meta.response_model, 'gpt-4o-2024-08-06');
  });

  it('adds a usage chunk when the client asked for one and the upstream sent none', () => {
    const withoutUsage = stream.split('\n\n').filter((e) => !e.includes('"usage"')).join('\n\n');
    const answer = translateResponse(stats, state({ stream: true, includeUsage: true, promptTokensEstimate: 2 }), { status: 200, headers: {}, body: withoutUsage }, ids);
    const events = answer.body.split('\n\n').filter((e) => e !== '');
    const usageChunk = JSON.parse(events.at(-2)!.slice(6));
    assert.deepEqual(usageChunk.choices, []);
    assert.deepEqual(usageChunk.usage, { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 });
  });

  it('ends a cut stream with an error event and no [DONE]', () => {
    const cut = stream.slice(0, stream.indexOf('"finish_reason":"stop"'));
    const answer = translateResponse(stats, state({ stream: true }), { status: 200, headers: {}, body: cut }, ids);
    assert.equal(answer.status, 200);
    assert.doesNotMatch(answer.body, /\[DONE\]/);
    const last = answer.body.split('\n\n').filter((e) => e !== '').at(-1)!;
    assert.match(JSON.parse(last.slice(6)).error.message, /ended before it was complete/);
    assert.ok(answer.problem);
  });
});

describe('analytics', () => {
  it('prices tokens per million and leaves cost 0 without both prices', () => {
    assert.equal(usageCost(1_000_000, 500_000, { input_cost: 3, output_cost: 15 }), 10.5);
    assert.equal(usageCost(1000, 1000, { input_cost: 3 }), 0);
  });

  it('takes provider meta, the plugin id, and falls back to the request model', () => {
    const a = buildAnalytics({
      pluginId: 'p-1', provider: 'azure', requestModel: 'gpt-4o', options: {}, promptTokens: 10, completionTokens: 0, latencyMs: 42.7,
      extraMeta: { azure_instance_id: 'acme' },
    });
    assert.deepEqual(a.meta, { azure_instance_id: 'acme', plugin_id: 'p-1', provider_name: 'azure', request_model: 'gpt-4o', response_model: 'gpt-4o', llm_latency: 42 });
    assert.deepEqual(a.usage, { time_per_token: 0, prompt_tokens: 10, completion_tokens: 0, total_tokens: 10, cost: 0 });
  });
});

describe('request state', () => {
  it('round-trips and refuses what is not ours', () => {
    const s = state();
    assert.deepEqual(decodeRequestState(encodeRequestState(s)), s);
    assert.equal(decodeRequestState(undefined), undefined);
    assert.equal(decodeRequestState('{"v":2}'), undefined);
    assert.equal(decodeRequestState('not json'), undefined);
  });
});

describe('translateResponse: embeddings encoding', () => {
  it('encodes float vectors as base64 float32 when the client asked for base64', () => {
    const conf = pluginConfig({ ...OPENAI_CHAT, route_type: 'llm/v1/embeddings' });
    const upstream = { object: 'list', model: 'text-embedding-3-small', data: [{ object: 'embedding', index: 0, embedding: [0.5, -1, 2] }], usage: { prompt_tokens: 2, total_tokens: 2 } };
    const s = state({ routeType: 'llm/v1/embeddings', embeddingsBase64: true });
    const answer = translateResponse(conf, s, jsonAnswer(200, JSON.stringify(upstream)), ids);
    const encoded = JSON.parse(answer.body).data[0].embedding as string;
    const bytes = Buffer.from(encoded, 'base64');
    assert.deepEqual([bytes.readFloatLE(0), bytes.readFloatLE(4), bytes.readFloatLE(8)], [0.5, -1, 2]);
    const plain = translateResponse(conf, state({ routeType: 'llm/v1/embeddings' }), jsonAnswer(200, JSON.stringify(upstream)), ids);
    assert.deepEqual(JSON.parse(plain.body).data[0].embedding, [0.5, -1, 2]);
  });
});

describe('translateResponse: payload logging', () => {
  it('logs the redacted client answer, never the echoed key', () => {
    const conf = pluginConfig({ ...OPENAI_CHAT, logging: { log_statistics: true, log_payloads: true } });
    const echoed = { error: { message: 'Incorrect API key provided: Bearer sk-test-secret' } };
    const answer = translateResponse(conf, state(), jsonAnswer(401, JSON.stringify(echoed)), ids);
    assert.doesNotMatch(JSON.stringify(answer.analytics), /sk-test-secret/);
    assert.equal(answer.analytics?.payload?.response, answer.body);
  });

  it('reads Kong own error body (its 504 when the upstream timed out)', () => {
    const answer = translateResponse(stats, state(), jsonAnswer(504, '{"message":"The upstream server is timing out","request_id":"abc"}'), ids);
    assert.equal(answer.status, 504);
    assert.deepEqual(JSON.parse(answer.body), { error: { message: 'The upstream server is timing out' } });
  });
});

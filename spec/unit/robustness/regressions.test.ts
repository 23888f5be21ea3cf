/** Focused regressions for the bugs the robustness generators found. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareUpstreamRequest } from '../../../src/llm/pipeline/access';
import { translateResponse, type ClientAnswer } from '../../../src/llm/pipeline/response';
import { pluginConfig } from '../../helpers/config';

async function upstreamBody(fields: Record<string, unknown>, body: unknown): Promise<Record<string, unknown>> {
  const upstream = await prepareUpstreamRequest(pluginConfig(fields), { headers: {}, rawBody: JSON.stringify(body) });
  return JSON.parse(upstream.body) as Record<string, unknown>;
}

describe('robustness regressions: requests', () => {
  // `stop: null` passes the request schema (OpenAI allows it) and used to throw a TypeError in stopSequences.
  for (const model of [
    { provider: 'anthropic', name: 'claude-3-5-haiku-20241022', options: { anthropic_version: '2023-06-01', max_tokens: 64 } },
    { provider: 'cohere', name: 'command-r' },
  ]) {
    it(`${model.provider}: stop null on completions means no stop sequences`, async () => {
      const body = await upstreamBody({ route_type: 'llm/v1/completions', model }, { prompt: 'Once', stop: null });
      assert.equal(body.stop_sequences, undefined);
    });

    it(`${model.provider}: stop null on chat means no stop sequences`, async () => {
      const body = await upstreamBody({ route_type: 'llm/v1/chat', model }, { messages: [{ role: 'user', content: 'hi' }], stop: null });
      assert.equal(body.stop_sequences, undefined);
    });
  }
});

/** An OpenAI-compatible answer for a client body, through both stages. */
async function answerFor(fields: Record<string, unknown>, clientBody: unknown, upstreamBody: unknown): Promise<ClientAnswer> {
  const conf = pluginConfig({ ...fields, logging: { log_statistics: true, log_payloads: false } });
  const { state } = await prepareUpstreamRequest(conf, { headers: {}, rawBody: JSON.stringify(clientBody) });
  return translateResponse(conf, state, { status: 200, headers: {}, body: JSON.stringify(upstreamBody) }, { responseId: 'chatcmpl-r', now: state.sentAt + 10 });
}

describe('robustness regressions: passed-through answers with odd inner values', () => {
  const openai = { route_type: 'llm/v1/chat', model: { provider: 'openai', name: 'gpt-4o' } };
  const chat = { messages: [{ role: 'user', content: 'hi' }] };

  // The token estimate read `choice.message.content` of every choice and threw a TypeError (a generic 502).
  for (const choices of [[null], ['text'], [{ message: null }], [{ message: { content: 5 } }], [{ text: 7 }]]) {
    it(`chat answer with choices ${JSON.stringify(choices)} passes through, with estimated tokens`, async () => {
      const answer = await answerFor(openai, chat, { model: 'gpt-4o', choices });
      assert.equal(answer.status, 200, answer.body);
      assert.deepEqual(JSON.parse(answer.body), { model: 'gpt-4o', choices });
      assert.equal(answer.analytics?.usage.completion_tokens, 0);
    });
  }

  it('a response model that is not a string is not reported: the analytics name the requested model', async () => {
    const answer = await answerFor(openai, chat, { model: { name: 'x' }, choices: [] });
    assert.equal(answer.status, 200);
    assert.equal(answer.analytics?.meta.response_model, 'gpt-4o');
  });

  // Base64 embeddings read `item.embedding` of every item and threw a TypeError on a null item.
  it('base64 embeddings skip items that are not objects', async () => {
    const answer = await answerFor(
      { route_type: 'llm/v1/embeddings', model: { provider: 'openai', name: 'text-embedding-3-small' } },
      { input: 'hi', encoding_format: 'base64' },
      { object: 'list', data: [null, { object: 'embedding', index: 1, embedding: [1] }], model: 'e' },
    );
    assert.equal(answer.status, 200, answer.body);
    const body = JSON.parse(answer.body) as { data: unknown[] };
    assert.equal(body.data[0], null);
    assert.deepEqual(body.data[1], { object: 'embedding', index: 1, embedding: Buffer.from([0, 0, 0x80, 0x3f]).toString('base64') });
  });
});

describe('robustness regressions: passed-through stream chunks with odd inner values', () => {
  // The token estimate mapped `chunk.choices` of every chunk and threw a TypeError (a generic 502 instead of the stream).
  for (const choices of [null, 'x', [null], [{ delta: null }], [{ delta: { content: 5 } }]]) {
    it(`chunk with choices ${JSON.stringify(choices)} passes through and the stream completes`, async () => {
      const conf = pluginConfig({ route_type: 'llm/v1/chat', model: { provider: 'openai', name: 'gpt-4o' } });
      const { state } = await prepareUpstreamRequest(conf, { headers: {}, rawBody: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }) });
      const chunk = { id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o', choices };
      const body = `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
      const answer = translateResponse(conf, state, { status: 200, headers: { 'content-type': 'text/event-stream' }, body }, { responseId: 'chatcmpl-r', now: state.sentAt + 10 });
      assert.equal(answer.status, 200, answer.body);
      assert.equal(answer.body, body);
    });
  }
});

describe('robustness regressions: error answers always carry a message', async () => {
  const conf = pluginConfig({ route_type: 'llm/v1/chat', model: { provider: 'openai', name: 'gpt-4o' } });
  const { state } = await prepareUpstreamRequest(conf, { headers: {}, rawBody: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }) });
  // A blank provider message used to reach the client as `{"error":{"message":""}}`.
  for (const [status, body] of [
    [429, { error: { message: '', type: 'rate_limit' } }],
    [503, { error: ' ' }],
    [500, { message: '' }],
  ] as const) {
    it(`${status} ${JSON.stringify(body)} keeps its status and says what happened`, async () => {
      const answer = translateResponse(conf, state, { status, headers: {}, body: JSON.stringify(body) }, { responseId: 'chatcmpl-r', now: state.sentAt + 10 });
      assert.equal(answer.status, status);
      assert.deepEqual(JSON.parse(answer.body), { error: { message: `openai upstream answered with HTTP ${status}` } });
    });
  }

  it('a stream error event with a blank message still names the provider', async () => {
    const streamState = (await prepareUpstreamRequest(conf, { headers: {}, rawBody: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }) })).state;
    const body = 'data: {"error":{"message":""}}\n\n';
    const answer = translateResponse(conf, streamState, { status: 200, headers: {}, body }, { responseId: 'chatcmpl-r', now: streamState.sentAt + 10 });
    assert.equal(answer.body, `data: ${JSON.stringify({ error: { message: 'the openai stream reported an error without a message' } })}\n\n`);
  });
});

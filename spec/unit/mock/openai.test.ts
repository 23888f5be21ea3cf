import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KEY, at, call, requestFixture, sseEvents, startMockLlm, type MockLlm } from './helpers';

const auth = { authorization: `Bearer ${KEY}` };

describe('mock OpenAI', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('answers a chat completion with the echo, usage and finish reason', async () => {
    const res = await call(mock, '/v1/chat/completions', { body: requestFixture('openai', 'chat.json'), headers: auth });
    assert.equal(res.status, 200);
    const body = res.json();
    assert.equal(at(body, 'object'), 'chat.completion');
    assert.match(String(at(body, 'id')), /^chatcmpl-/);
    assert.equal(at(body, 'model'), 'gpt-4o-mini');
    assert.deepEqual(at(body, 'choices', 0, 'message'), { role: 'assistant', content: 'Echo: Say hello to the mock', refusal: null });
    assert.equal(at(body, 'choices', 0, 'finish_reason'), 'stop');
    // prompt: "You are a helpful assistant." (5) + "Say hello to the mock" (5); completion: 6 words.
    assert.deepEqual(at(body, 'usage'), { prompt_tokens: 10, completion_tokens: 6, total_tokens: 16 });
  });

  it('cuts at max_tokens with finish_reason length', async () => {
    const body = { ...requestFixture('openai', 'chat.json'), max_tokens: 2 };
    const res = (await call(mock, '/v1/chat/completions', { body, headers: auth })).json();
    assert.equal(at(res, 'choices', 0, 'message', 'content'), 'Echo: Say');
    assert.equal(at(res, 'choices', 0, 'finish_reason'), 'length');
    assert.equal(at(res, 'usage', 'completion_tokens'), 2);
  });

  it('calls the first tool with arguments from its schema', async () => {
    const res = (await call(mock, '/v1/chat/completions', { body: requestFixture('openai', 'chat-tools.json'), headers: auth })).json();
    assert.equal(at(res, 'choices', 0, 'finish_reason'), 'tool_calls');
    assert.equal(at(res, 'choices', 0, 'message', 'content'), null);
    const call0 = at(res, 'choices', 0, 'message', 'tool_calls', 0);
    assert.equal(at(call0, 'type'), 'function');
    assert.match(String(at(call0, 'id')), /^call_/);
    assert.equal(at(call0, 'function', 'name'), 'get_weather');
    assert.deepEqual(JSON.parse(String(at(call0, 'function', 'arguments'))), { location: 'What is the weather in Paris?', unit: 'celsius', days: 6 });
  });

  it('answers text after a tool result', async () => {
    const res = (await call(mock, '/v1/chat/completions', { body: requestFixture('openai', 'chat-tool-result.json'), headers: auth })).json();
    assert.equal(at(res, 'choices', 0, 'message', 'content'), 'Tool said: sunny and 21 degrees');
    assert.equal(at(res, 'choices', 0, 'finish_reason'), 'stop');
  });

  it('streams chat chunks ending with [DONE], usage only when asked', async () => {
    const plain = sseEvents((await call(mock, '/v1/chat/completions', { body: { ...requestFixture('openai', 'chat.json'), stream: true }, headers: auth })).text);
    assert.equal(plain.at(-1)?.data, '[DONE]');
    const chunks = plain.slice(0, -1).map((e) => e.data);
    for (const c of chunks) assert.equal(at(c, 'object'), 'chat.completion.chunk');
    assert.equal(at(chunks[0], 'choices', 0, 'delta', 'role'), 'assistant');
    assert.equal(chunks.map((c) => at(c, 'choices', 0, 'delta', 'content') ?? '').join(''), 'Echo: Say hello to the mock');
    assert.equal(at(chunks.at(-1), 'choices', 0, 'finish_reason'), 'stop');
    assert.ok(chunks.every((c) => at(c, 'usage') === undefined));

    const body = { ...requestFixture('openai', 'chat.json'), stream: true, stream_options: { include_usage: true } };
    const withUsage = sseEvents((await call(mock, '/v1/chat/completions', { body, headers: auth })).text).map((e) => e.data);
    const usageChunk = withUsage.at(-2);
    assert.deepEqual(at(usageChunk, 'choices'), []);
    assert.deepEqual(at(usageChunk, 'usage'), { prompt_tokens: 10, completion_tokens: 6, total_tokens: 16 });
    assert.equal(at(withUsage[0], 'usage'), null);
  });

  it('streams a tool call as argument pieces that join to the JSON', async () => {
    const body = { ...requestFixture('openai', 'chat-tools.json'), stream: true };
    const chunks = sseEvents((await call(mock, '/v1/chat/completions', { body, headers: auth })).text).slice(0, -1).map((e) => e.data);
    assert.equal(at(chunks[0], 'choices', 0, 'delta', 'tool_calls', 0, 'function', 'name'), 'get_weather');
    const args = chunks.map((c) => at(c, 'choices', 0, 'delta', 'tool_calls', 0, 'function', 'arguments') ?? '').join('');
    assert.deepEqual(JSON.parse(args), { location: 'What is the weather in Paris?', unit: 'celsius', days: 6 });
    assert.equal(at(chunks.at(-1), 'choices', 0, 'finish_reason'), 'tool_calls');
  });

  it('answers legacy completions, 16 tokens by default', async () => {
    const res = (await call(mock, '/v1/completions', { body: requestFixture('openai', 'completions.json'), headers: auth })).json();
    assert.equal(at(res, 'object'), 'text_completion');
    assert.equal(at(res, 'choices', 0, 'text'), 'Echo: Write a tagline for an ice');
    assert.equal(at(res, 'choices', 0, 'finish_reason'), 'length');
    const long = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    const dflt = (await call(mock, '/v1/completions', { body: { model: 'm', prompt: long }, headers: auth })).json();
    assert.equal(at(dflt, 'usage', 'completion_tokens'), 16);
    const streamed = sseEvents((await call(mock, '/v1/completions', { body: { model: 'm', prompt: 'a b', stream: true }, headers: auth })).text);
    assert.equal(streamed.slice(0, -1).map((e) => at(e.data, 'choices', 0, 'text')).join(''), 'Echo: a b');
    assert.equal(streamed.at(-1)?.data, '[DONE]');
  });

  it('answers embeddings with the requested dimensions, and base64', async () => {
    const res = (await call(mock, '/v1/embeddings', { body: requestFixture('openai', 'embeddings.json'), headers: auth })).json();
    assert.equal(at(res, 'object'), 'list');
    assert.equal(at(res, 'data', 1, 'index'), 1);
    assert.equal((at(res, 'data', 0, 'embedding') as number[]).length, 12);
    assert.deepEqual(at(res, 'usage'), { prompt_tokens: 9, total_tokens: 9 });
    const b64 = (await call(mock, '/v1/embeddings', { body: { model: 'm', input: 'x', encoding_format: 'base64' }, headers: auth })).json();
    assert.equal(Buffer.from(String(at(b64, 'data', 0, 'embedding')), 'base64').length, 8 * 4);
  });

  it('rejects a missing or wrong key with OpenAI 401 bodies', async () => {
    const missing = await call(mock, '/v1/chat/completions', { body: requestFixture('openai', 'chat.json') });
    assert.equal(missing.status, 401);
    assert.match(String(at(missing.json(), 'error', 'message')), /You didn't provide an API key/);
    const wrong = await call(mock, '/v1/chat/completions', { body: requestFixture('openai', 'chat.json'), headers: { authorization: 'Bearer sk-wrong-key-1234' } });
    assert.equal(wrong.status, 401);
    assert.equal(at(wrong.json(), 'error', 'code'), 'invalid_api_key');
    assert.doesNotMatch(wrong.text, /sk-wrong-key-1234/);
  });

  it('answers 400 in OpenAI shape for a request without model or messages', async () => {
    const noModel = await call(mock, '/v1/chat/completions', { body: { messages: [{ role: 'user', content: 'x' }] }, headers: auth });
    assert.equal(noModel.status, 400);
    assert.equal(at(noModel.json(), 'error', 'type'), 'invalid_request_error');
    const noMessages = await call(mock, '/v1/chat/completions', { body: { model: 'm' }, headers: auth });
    assert.equal(noMessages.status, 400);
    const notJson = await call(mock, '/v1/chat/completions', { body: '{not json', headers: auth });
    assert.equal(notJson.status, 400);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KEY, at, call, requestFixture, sseEvents, startMockLlm, type MockLlm } from './helpers';

const headers = { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' };

describe('mock Anthropic', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('answers a message with end_turn and usage', async () => {
    const res = await call(mock, '/v1/messages', { body: requestFixture('anthropic', 'messages.json'), headers });
    assert.equal(res.status, 200);
    const body = res.json();
    assert.equal(at(body, 'type'), 'message');
    assert.match(String(at(body, 'id')), /^msg_/);
    assert.deepEqual(at(body, 'content'), [{ type: 'text', text: 'Echo: Hello, Claude' }]);
    assert.equal(at(body, 'stop_reason'), 'end_turn');
    assert.equal(at(body, 'stop_sequence'), null);
    // "Be brief." (2) + "Hello, Claude" (2); "Echo: Hello, Claude" (3).
    assert.deepEqual(at(body, 'usage'), { input_tokens: 4, output_tokens: 3 });
  });

  it('reports max_tokens and stop_sequence stops', async () => {
    const short = (await call(mock, '/v1/messages', { body: { ...requestFixture('anthropic', 'messages.json'), max_tokens: 1 }, headers })).json();
    assert.equal(at(short, 'stop_reason'), 'max_tokens');
    assert.equal(at(short, 'content', 0, 'text'), 'Echo:');
    const stopped = (await call(mock, '/v1/messages', { body: { ...requestFixture('anthropic', 'messages.json'), stop_sequences: ['Claude'] }, headers })).json();
    assert.equal(at(stopped, 'stop_reason'), 'stop_sequence');
    assert.equal(at(stopped, 'stop_sequence'), 'Claude');
    assert.equal(at(stopped, 'content', 0, 'text'), 'Echo: Hello,');
  });

  it('answers tool_use with input from the schema, then text after a tool_result', async () => {
    const call1 = (await call(mock, '/v1/messages', { body: requestFixture('anthropic', 'messages-tools.json'), headers })).json();
    assert.equal(at(call1, 'stop_reason'), 'tool_use');
    assert.equal(at(call1, 'content', 0, 'type'), 'tool_use');
    assert.match(String(at(call1, 'content', 0, 'id')), /^toolu_/);
    assert.deepEqual(at(call1, 'content', 0, 'input'), { location: 'What is the weather in Paris?', unit: 'celsius', days: 6 });
    const after = (await call(mock, '/v1/messages', { body: requestFixture('anthropic', 'messages-tool-result.json'), headers })).json();
    assert.deepEqual(at(after, 'content'), [{ type: 'text', text: 'Tool said: sunny and 21 degrees' }]);
    const none = (await call(mock, '/v1/messages', { body: { ...requestFixture('anthropic', 'messages-tools.json'), tool_choice: { type: 'none' } }, headers })).json();
    assert.equal(at(none, 'stop_reason'), 'end_turn');
  });

  it('streams the documented event sequence for text', async () => {
    const events = sseEvents((await call(mock, '/v1/messages', { body: { ...requestFixture('anthropic', 'messages.json'), stream: true }, headers })).text);
    const names = events.map((e) => e.event);
    assert.deepEqual(names, [
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const e of events) assert.equal(at(e.data, 'type'), e.event);
    assert.equal(at(events[0]?.data, 'message', 'usage', 'input_tokens'), 4);
    const text = events.filter((e) => e.event === 'content_block_delta').map((e) => at(e.data, 'delta', 'text')).join('');
    assert.equal(text, 'Echo: Hello, Claude');
    const delta = events.find((e) => e.event === 'message_delta')?.data;
    assert.deepEqual(at(delta, 'delta'), { stop_reason: 'end_turn', stop_sequence: null });
    assert.deepEqual(at(delta, 'usage'), { output_tokens: 3 });
  });

  it('streams tool_use input as input_json_delta pieces', async () => {
    const events = sseEvents((await call(mock, '/v1/messages', { body: { ...requestFixture('anthropic', 'messages-tools.json'), stream: true }, headers })).text);
    const start = events.find((e) => e.event === 'content_block_start')?.data;
    assert.equal(at(start, 'content_block', 'type'), 'tool_use');
    assert.equal(at(start, 'content_block', 'name'), 'get_weather');
    const deltas = events.filter((e) => e.event === 'content_block_delta').map((e) => e.data);
    for (const d of deltas) assert.equal(at(d, 'delta', 'type'), 'input_json_delta');
    assert.deepEqual(JSON.parse(deltas.map((d) => at(d, 'delta', 'partial_json')).join('')), { location: 'What is the weather in Paris?', unit: 'celsius', days: 6 });
    assert.equal(at(events.find((e) => e.event === 'message_delta')?.data, 'delta', 'stop_reason'), 'tool_use');
  });

  it('answers the legacy /v1/complete', async () => {
    const res = (await call(mock, '/v1/complete', { body: requestFixture('anthropic', 'complete.json'), headers })).json();
    assert.equal(at(res, 'type'), 'completion');
    assert.equal(at(res, 'completion'), ' Echo: Tell me a story');
    assert.equal(at(res, 'stop_reason'), 'stop_sequence');
    const bad = await call(mock, '/v1/complete', { body: { ...requestFixture('anthropic', 'complete.json'), prompt: 'no turns' }, headers });
    assert.equal(bad.status, 400);
    const streamed = sseEvents((await call(mock, '/v1/complete', { body: { ...requestFixture('anthropic', 'complete.json'), stream: true }, headers })).text);
    assert.ok(streamed.every((e) => e.event === 'completion'));
    assert.equal(streamed.map((e) => at(e.data, 'completion')).join(''), ' Echo: Tell me a story');
  });

  it('requires x-api-key and anthropic-version, and validates the body', async () => {
    const body = requestFixture('anthropic', 'messages.json');
    const missing = await call(mock, '/v1/messages', { body, headers: { 'anthropic-version': '2023-06-01' } });
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.json(), { type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });
    const wrong = await call(mock, '/v1/messages', { body, headers: { ...headers, 'x-api-key': 'nope' } });
    assert.deepEqual(wrong.json(), { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const noVersion = await call(mock, '/v1/messages', { body, headers: { 'x-api-key': KEY } });
    assert.equal(noVersion.status, 400);
    assert.equal(at(noVersion.json(), 'error', 'message'), 'anthropic-version: header is required');
    const { max_tokens: _maxTokens, ...noMax } = body;
    const invalid = await call(mock, '/v1/messages', { body: noMax, headers });
    assert.equal(invalid.status, 400);
    assert.deepEqual(invalid.json(), { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });
});

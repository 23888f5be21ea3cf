import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KEY, at, call, ndjsonEvents, requestFixture, sseEvents, startMockLlm, type MockLlm } from './helpers';

const headers = { authorization: `Bearer ${KEY}` };

describe('mock Cohere', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('answers v1 chat with text, chat_history and billed units', async () => {
    const res = (await call(mock, '/v1/chat', { body: requestFixture('cohere', 'v1-chat.json'), headers })).json();
    assert.equal(at(res, 'text'), 'Echo: How are you today?');
    assert.equal(at(res, 'finish_reason'), 'COMPLETE');
    assert.equal(typeof at(res, 'generation_id'), 'string');
    assert.deepEqual(at(res, 'chat_history', 3), { role: 'CHATBOT', message: 'Echo: How are you today?' });
    // "Be nice." 2 + "Hi" 1 + "Hello!" 1 + "How are you today?" 4; answer 5.
    assert.deepEqual(at(res, 'meta', 'billed_units'), { input_tokens: 8, output_tokens: 5 });
  });

  it('answers v1 tool calls from parameter_definitions and MAX_TOKENS cuts', async () => {
    const res = (await call(mock, '/v1/chat', { body: requestFixture('cohere', 'v1-chat-tools.json'), headers })).json();
    assert.deepEqual(at(res, 'tool_calls'), [{ name: 'get_weather', parameters: { location: 'What is the weather in Paris?', days: 6 } }]);
    const cut = (await call(mock, '/v1/chat', { body: { ...requestFixture('cohere', 'v1-chat.json'), max_tokens: 2 }, headers })).json();
    assert.equal(at(cut, 'finish_reason'), 'MAX_TOKENS');
  });

  it('streams v1 chat as JSON lines stream-start, text-generation…, stream-end', async () => {
    const res = await call(mock, '/v1/chat', { body: { ...requestFixture('cohere', 'v1-chat.json'), stream: true }, headers });
    assert.match(res.headers.get('content-type') ?? '', /application\/stream\+json/);
    const lines = ndjsonEvents(res.text);
    assert.equal(at(lines[0], 'event_type'), 'stream-start');
    const last = lines.at(-1);
    assert.equal(at(last, 'event_type'), 'stream-end');
    assert.equal(at(last, 'is_finished'), true);
    assert.equal(at(last, 'response', 'meta', 'billed_units', 'output_tokens'), 5);
    const text = lines.filter((l) => at(l, 'event_type') === 'text-generation').map((l) => at(l, 'text')).join('');
    assert.equal(text, 'Echo: How are you today?');
  });

  it('answers v1 generate with prompt and generations, streamed as JSON lines', async () => {
    const res = (await call(mock, '/v1/generate', { body: requestFixture('cohere', 'v1-generate.json'), headers })).json();
    assert.equal(at(res, 'prompt'), 'Please explain to me how LLMs work');
    assert.equal(at(res, 'generations', 0, 'text'), 'Echo: Please explain to');
    assert.equal(at(res, 'generations', 0, 'finish_reason'), 'MAX_TOKENS');
    const lines = ndjsonEvents((await call(mock, '/v1/generate', { body: { prompt: 'a b', stream: true }, headers })).text);
    assert.equal(lines.slice(0, -1).map((l) => at(l, 'text')).join(''), 'Echo: a b');
    assert.equal(at(lines.at(-1), 'is_finished'), true);
    assert.equal(at(lines.at(-1), 'response', 'generations', 0, 'text'), 'Echo: a b');
  });

  it('answers v2 chat with content parts and usage; tool calls with TOOL_CALL', async () => {
    const res = (await call(mock, '/v2/chat', { body: requestFixture('cohere', 'v2-chat.json'), headers })).json();
    assert.deepEqual(at(res, 'message'), { role: 'assistant', content: [{ type: 'text', text: 'Echo: Tell me about LLMs' }] });
    assert.equal(at(res, 'finish_reason'), 'COMPLETE');
    assert.deepEqual(at(res, 'usage', 'billed_units'), { input_tokens: 6, output_tokens: 5 });
    const tools = (await call(mock, '/v2/chat', { body: requestFixture('cohere', 'v2-chat-tools.json'), headers })).json();
    assert.equal(at(tools, 'finish_reason'), 'TOOL_CALL');
    assert.equal(at(tools, 'message', 'tool_calls', 0, 'function', 'name'), 'get_weather');
    assert.equal(typeof at(tools, 'message', 'tool_plan'), 'string');
  });

  it('streams v2 chat as named SSE events', async () => {
    const events = sseEvents((await call(mock, '/v2/chat', { body: { ...requestFixture('cohere', 'v2-chat.json'), stream: true }, headers })).text);
    assert.equal(events[0]?.event, 'message-start');
    assert.equal(events[1]?.event, 'content-start');
    assert.equal(events.at(-2)?.event, 'content-end');
    assert.equal(events.at(-1)?.event, 'message-end');
    for (const e of events) assert.equal(at(e.data, 'type'), e.event);
    const text = events.filter((e) => e.event === 'content-delta').map((e) => at(e.data, 'delta', 'message', 'content', 'text')).join('');
    assert.equal(text, 'Echo: Tell me about LLMs');
    assert.equal(at(events.at(-1)?.data, 'delta', 'finish_reason'), 'COMPLETE');
    const toolEvents = sseEvents((await call(mock, '/v2/chat', { body: { ...requestFixture('cohere', 'v2-chat-tools.json'), stream: true }, headers })).text);
    const args = toolEvents.filter((e) => e.event === 'tool-call-delta').map((e) => at(e.data, 'delta', 'message', 'tool_calls', 'function', 'arguments')).join('');
    assert.equal(at(JSON.parse(args), 'location'), 'What is the weather in Paris?');
    assert.ok(toolEvents.some((e) => e.event === 'tool-call-start'));
  });

  it('answers v1 embed (floats) and v2 embed (by type, output_dimension)', async () => {
    const v1 = (await call(mock, '/v1/embed', { body: requestFixture('cohere', 'v1-embed.json'), headers })).json();
    assert.equal(at(v1, 'response_type'), 'embeddings_floats');
    assert.equal((at(v1, 'embeddings') as unknown[]).length, 2);
    const v2 = (await call(mock, '/v2/embed', { body: requestFixture('cohere', 'v2-embed.json'), headers })).json();
    assert.equal(at(v2, 'response_type'), 'embeddings_by_type');
    assert.equal((at(v2, 'embeddings', 'float', 0) as unknown[]).length, 16);
    assert.ok((at(v2, 'embeddings', 'int8', 0) as number[]).every((n) => Number.isInteger(n) && n >= -128 && n <= 127));
    const noType = await call(mock, '/v2/embed', { body: { model: 'embed-v4.0', texts: ['x'] }, headers });
    assert.equal(noType.status, 400);
  });

  it('rejects missing and wrong keys with Cohere bodies', async () => {
    const missing = await call(mock, '/v2/chat', { body: requestFixture('cohere', 'v2-chat.json') });
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.json(), { message: 'no api key supplied' });
    const wrong = await call(mock, '/v2/chat', { body: requestFixture('cohere', 'v2-chat.json'), headers: { authorization: 'Bearer nope' } });
    assert.deepEqual(wrong.json(), { message: 'invalid api token' });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseLlama2Prompt } from '../../../src/mock/providers/llama2';
import { at, call, ndjsonEvents, requestFixture, startMockLlm, type MockLlm } from './helpers';

describe('mock Ollama', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('streams /api/chat as JSON lines by default, without any credential', async () => {
    const res = await call(mock, '/api/chat', { body: requestFixture('ollama', 'chat.json') });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
    const lines = ndjsonEvents(res.text);
    assert.equal(lines.slice(0, -1).map((l) => at(l, 'message', 'content')).join(''), 'Echo: why is the sky blue?');
    const last = lines.at(-1);
    assert.equal(at(last, 'done'), true);
    assert.equal(at(last, 'done_reason'), 'stop');
    assert.equal(at(last, 'prompt_eval_count'), 5);
    assert.equal(at(last, 'eval_count'), 6);
  });

  it('answers one object with stream:false, tool calls with object arguments', async () => {
    const res = (await call(mock, '/api/chat', { body: { ...requestFixture('ollama', 'chat.json'), stream: false } })).json();
    assert.deepEqual(at(res, 'message'), { role: 'assistant', content: 'Echo: why is the sky blue?' });
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const tool = (await call(mock, '/api/chat', { body: { ...requestFixture('ollama', 'chat.json'), stream: false, tools } })).json();
    assert.deepEqual(at(tool, 'message', 'tool_calls'), [{ function: { name: 'lookup', arguments: { q: 'why is the sky blue?' } } }]);
  });

  it('answers /api/generate honouring num_predict', async () => {
    const res = (await call(mock, '/api/generate', { body: requestFixture('ollama', 'generate.json') })).json();
    assert.equal(at(res, 'response'), 'Echo: Why is');
    assert.equal(at(res, 'done_reason'), 'length');
    const lines = ndjsonEvents((await call(mock, '/api/generate', { body: { model: 'm', prompt: 'a' } })).text);
    assert.equal(lines.map((l) => at(l, 'response')).join(''), 'Echo: a');
  });

  it('answers /api/embed and /api/embeddings', async () => {
    const many = (await call(mock, '/api/embed', { body: { model: 'all-minilm', input: ['a', 'b'], dimensions: 5 } })).json();
    assert.equal((at(many, 'embeddings') as unknown[]).length, 2);
    assert.equal((at(many, 'embeddings', 0) as unknown[]).length, 5);
    const one = (await call(mock, '/api/embeddings', { body: { model: 'all-minilm', prompt: 'a' } })).json();
    const vector = at(one, 'embedding') as number[];
    assert.equal(vector.length, 8);
    // The same text gives the same vector; a shorter one is its prefix.
    assert.deepEqual(vector.slice(0, 5), at(many, 'embeddings', 0));
  });

  it('answers errors as {"error"}', async () => {
    const noModel = await call(mock, '/api/chat', { body: { messages: [] } });
    assert.equal(noModel.status, 400);
    assert.deepEqual(noModel.json(), { error: 'model is required' });
  });
});

describe('mock Llama2 raw', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('reads the last [INST] turn of Kong\'s template and echoes it after the inputs', async () => {
    const body = requestFixture('llama2', 'raw-chat.json');
    const res = (await call(mock, '/llama2/raw', { body })).json();
    const generated = String(at(res, 'data', 0, 'generated_text'));
    assert.ok(generated.startsWith(String(body.inputs)));
    // Kong keeps what follows the last [/INST].
    assert.equal(generated.split('[/INST]').at(-1)?.trim(), 'Echo: What is 1 + 1?');
    assert.deepEqual(at(res, 'usage'), { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 });
  });

  it('parses multi-turn chats and bare prompts', () => {
    const chat = '<s>[INST] <<SYS>> sys <</SYS>> first [/INST] answer </s> <s>[INST] second [/INST]';
    assert.equal(parseLlama2Prompt(chat).lastUser, 'second');
    const prompt = '<s> [INST] <<SYS>> You are a helpful assistant. <<SYS>> tell me [/INST]';
    assert.equal(parseLlama2Prompt(prompt).lastUser, 'tell me');
    assert.equal(parseLlama2Prompt('<s>[INST] <<SYS>> only one <</SYS>>').lastUser, 'only one');
  });

  it('serves the ollama format under /llama2', async () => {
    const res = await call(mock, '/llama2/api/chat', { body: { ...requestFixture('ollama', 'chat.json'), stream: false } });
    assert.equal(at(res.json(), 'message', 'content'), 'Echo: why is the sky blue?');
  });
});

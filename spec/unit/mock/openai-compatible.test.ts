import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KEY, at, call, requestFixture, sseEvents, startMockLlm, type MockLlm } from './helpers';

describe('mock Azure OpenAI', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());
  const path = '/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21';

  it('answers with the api-key header, the deployment as model, and content filter results', async () => {
    const { model: _model, ...body } = requestFixture('openai', 'chat.json');
    const res = await call(mock, path, { body, headers: { 'api-key': KEY } });
    assert.equal(res.status, 200);
    const json = res.json();
    assert.equal(at(json, 'model'), 'my-gpt');
    assert.equal(at(json, 'choices', 0, 'message', 'content'), 'Echo: Say hello to the mock');
    assert.equal(at(json, 'choices', 0, 'content_filter_results', 'hate', 'filtered'), false);
    assert.equal(at(json, 'prompt_filter_results', 0, 'prompt_index'), 0);
  });

  it('requires api-version (404) and the key (401, Azure body)', async () => {
    const body = requestFixture('openai', 'chat.json');
    const noVersion = await call(mock, '/openai/deployments/my-gpt/chat/completions', { body, headers: { 'api-key': KEY } });
    assert.equal(noVersion.status, 404);
    assert.deepEqual(noVersion.json(), { error: { code: '404', message: 'Resource not found' } });
    const wrong = await call(mock, path, { body, headers: { 'api-key': 'nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(at(wrong.json(), 'error', 'code'), '401');
    assert.match(String(at(wrong.json(), 'error', 'message')), /^Access denied due to invalid subscription key/);
    const bearer = await call(mock, path, { body, headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(bearer.status, 200);
  });

  it('streams with a leading prompt-filter chunk, and serves completions and embeddings', async () => {
    const events = sseEvents((await call(mock, path, { body: { ...requestFixture('openai', 'chat.json'), stream: true }, headers: { 'api-key': KEY } })).text);
    assert.deepEqual(at(events[0]?.data, 'choices'), []);
    assert.ok(Array.isArray(at(events[0]?.data, 'prompt_filter_results')));
    assert.equal(events.at(-1)?.data, '[DONE]');
    const completion = await call(mock, '/openai/deployments/instruct/completions?api-version=2024-10-21', { body: { prompt: 'hi' }, headers: { 'api-key': KEY } });
    assert.equal(at(completion.json(), 'choices', 0, 'text'), 'Echo: hi');
    const embedding = await call(mock, '/openai/deployments/ada/embeddings?api-version=2024-10-21', { body: { input: 'hi' }, headers: { 'api-key': KEY } });
    assert.equal(at(embedding.json(), 'model'), 'ada');
  });
});

describe('mock Mistral', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('answers OpenAI-shaped chat under /mistral with 9-character tool call ids', async () => {
    const res = await call(mock, '/mistral/v1/chat/completions', { body: requestFixture('openai', 'chat-tools.json'), headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(res.status, 200);
    assert.match(String(at(res.json(), 'choices', 0, 'message', 'tool_calls', 0, 'id')), /^[0-9a-f]{9}$/);
  });

  it('always puts usage on the finishing stream chunk', async () => {
    const body = { ...requestFixture('openai', 'chat.json'), stream: true };
    const events = sseEvents((await call(mock, '/mistral/v1/chat/completions', { body, headers: { authorization: `Bearer ${KEY}` } })).text);
    const last = events.at(-2)?.data;
    assert.equal(at(last, 'choices', 0, 'finish_reason'), 'stop');
    assert.deepEqual(at(last, 'usage'), { prompt_tokens: 10, completion_tokens: 6, total_tokens: 16 });
    assert.equal(events.at(-1)?.data, '[DONE]');
  });

  it('rejects a wrong key with Mistral\'s body and serves its ollama format without one', async () => {
    const wrong = await call(mock, '/mistral/v1/chat/completions', { body: requestFixture('openai', 'chat.json'), headers: { authorization: 'Bearer x' } });
    assert.equal(wrong.status, 401);
    assert.equal(at(wrong.json(), 'message'), 'Unauthorized');
    const ollama = await call(mock, '/mistral/api/chat', { body: { ...requestFixture('ollama', 'chat.json'), stream: false } });
    assert.equal(ollama.status, 200);
    assert.equal(at(ollama.json(), 'message', 'content'), 'Echo: why is the sky blue?');
  });
});

describe('mock Hugging Face', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());
  const auth = { authorization: `Bearer ${KEY}` };

  it('answers text generation as [{generated_text}]', async () => {
    const res = await call(mock, '/models/meta-llama/Llama-2-7b-chat-hf', { body: requestFixture('huggingface', 'generate.json'), headers: auth });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), [{ generated_text: 'Echo: Can you please let us know more details about your' }]);
    const full = await call(mock, '/models/gpt2', { body: { inputs: 'a b', parameters: { return_full_text: true } }, headers: auth });
    assert.deepEqual(full.json(), [{ generated_text: 'a b Echo: a b' }]);
  });

  it('adds details when parameters.details is true (finish reason, generated tokens)', async () => {
    const body = { inputs: 'one two three', parameters: { details: true, max_new_tokens: 2 } };
    const res = await call(mock, '/models/gpt2', { body, headers: auth });
    assert.deepEqual(res.json(), [{ generated_text: 'Echo: one', details: { finish_reason: 'length', generated_tokens: 2, seed: null } }]);
    const stopped = await call(mock, '/models/gpt2', { body: { inputs: 'a b', parameters: { details: true } }, headers: auth });
    assert.equal(at(stopped.json(), 0, 'details', 'finish_reason'), 'eos_token');
  });

  it('answers feature-extraction for list inputs, bodies without parameters, and the pipeline path', async () => {
    const many = (await call(mock, '/models/sentence-transformers/all-MiniLM-L6-v2', { body: { inputs: ['a', 'b'] }, headers: auth })).json();
    assert.ok(Array.isArray(many) && many.length === 2 && Array.isArray(many[0]));
    const one = (await call(mock, '/models/sentence-transformers/all-MiniLM-L6-v2', { body: { inputs: 'a', options: { wait_for_model: true } }, headers: auth })).json();
    assert.ok(Array.isArray(one) && typeof one[0] === 'number');
    assert.deepEqual(one, at(many, 0));
    const pipeline = (await call(mock, '/pipeline/feature-extraction/sentence-transformers/all-MiniLM-L6-v2', { body: { inputs: 'a', parameters: {} }, headers: auth })).json();
    assert.deepEqual(pipeline, one);
    const loading = await call(mock, '/models/org/embedder', { body: { inputs: ['a'] }, headers: { ...auth, 'x-mock-hf-loading': '5' } });
    assert.equal(loading.status, 503);
  });

  it('streams TGI token events, the last carrying the whole text', async () => {
    const events = sseEvents((await call(mock, '/models/gpt2', { body: { inputs: 'x y', stream: true }, headers: auth })).text).map((e) => e.data);
    assert.equal(events.map((e) => at(e, 'token', 'text')).join(''), 'Echo: x y');
    assert.equal(at(events.at(-1), 'generated_text'), 'Echo: x y');
    assert.equal(at(events[0], 'generated_text'), null);
  });

  it('answers 503 model loading under x-mock-hf-loading unless the request waits for the model', async () => {
    const body = requestFixture('huggingface', 'generate.json');
    const loading = await call(mock, '/models/org/big', { body, headers: { ...auth, 'x-mock-hf-loading': '20' } });
    assert.equal(loading.status, 503);
    assert.deepEqual(loading.json(), { error: 'Model org/big is currently loading', estimated_time: 20 });
    const waitingBody = { ...body, options: { wait_for_model: true } };
    assert.equal((await call(mock, '/models/org/big', { body: waitingBody, headers: { ...auth, 'x-mock-hf-loading': '20' } })).status, 200);
    const waitingHeader = await call(mock, '/models/org/big', { body, headers: { ...auth, 'x-mock-hf-loading': '20', 'x-wait-for-model': 'true' } });
    assert.equal(waitingHeader.status, 200);
  });

  it('serves the messages API on the model path and under /huggingface, and rejects a wrong key', async () => {
    const onModel = await call(mock, '/models/org/chat-model/v1/chat/completions', { body: requestFixture('huggingface', 'chat.json'), headers: auth });
    assert.equal(at(onModel.json(), 'choices', 0, 'message', 'content'), 'Echo: What is deep learning?');
    const prefixed = await call(mock, '/huggingface/v1/chat/completions', { body: requestFixture('huggingface', 'chat.json'), headers: auth });
    assert.equal(at(prefixed.json(), 'object'), 'chat.completion');
    const wrong = await call(mock, '/models/gpt2', { body: { inputs: 'x' }, headers: { authorization: 'Bearer hf_wrong' } });
    assert.equal(wrong.status, 401);
    assert.equal(typeof at(wrong.json(), 'error'), 'string');
  });
});

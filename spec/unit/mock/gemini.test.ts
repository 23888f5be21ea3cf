import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KEY, at, call, requestFixture, sseEvents, startMockLlm, type MockLlm } from './helpers';

const headers = { 'x-goog-api-key': KEY };

describe('mock Gemini', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('answers generateContent with a model candidate and usageMetadata', async () => {
    const res = await call(mock, '/v1beta/models/gemini-1.5-flash:generateContent', { body: requestFixture('gemini', 'generate.json'), headers });
    assert.equal(res.status, 200);
    const body = res.json();
    assert.deepEqual(at(body, 'candidates', 0, 'content'), { parts: [{ text: 'Echo: Explain how AI works' }], role: 'model' });
    assert.equal(at(body, 'candidates', 0, 'finishReason'), 'STOP');
    // "Be brief." 2 + "Explain how AI works" 4; answer 5.
    assert.deepEqual(at(body, 'usageMetadata'), { promptTokenCount: 6, candidatesTokenCount: 5, totalTokenCount: 11 });
    assert.equal(at(body, 'modelVersion'), 'gemini-1.5-flash');
  });

  it('answers a functionCall from OBJECT/STRING schemas, and MAX_TOKENS', async () => {
    const res = (await call(mock, '/v1beta/models/gemini-pro:generateContent', { body: requestFixture('gemini', 'generate-tools.json'), headers })).json();
    assert.deepEqual(at(res, 'candidates', 0, 'content', 'parts', 0, 'functionCall'), {
      name: 'get_weather',
      args: { location: 'What is the weather in Paris?', days: 6 },
    });
    const cut = { ...requestFixture('gemini', 'generate.json'), generationConfig: { maxOutputTokens: 2 } };
    const short = (await call(mock, '/v1beta/models/gemini-pro:generateContent', { body: cut, headers })).json();
    assert.equal(at(short, 'candidates', 0, 'finishReason'), 'MAX_TOKENS');
    assert.equal(at(short, 'candidates', 0, 'content', 'parts', 0, 'text'), 'Echo: Explain');
  });

  it('streams as SSE with alt=sse (CRLF framing)', async () => {
    const res = await call(mock, '/v1beta/models/gemini-pro:streamGenerateContent?alt=sse', { body: requestFixture('gemini', 'generate.json'), headers });
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    assert.ok(res.text.includes('\r\n\r\n'));
    const chunks = sseEvents(res.text).map((e) => e.data);
    assert.equal(chunks.map((c) => at(c, 'candidates', 0, 'content', 'parts', 0, 'text')).join(''), 'Echo: Explain how AI works');
    assert.equal(at(chunks.at(-1), 'candidates', 0, 'finishReason'), 'STOP');
    assert.equal(at(chunks.at(-1), 'usageMetadata', 'candidatesTokenCount'), 5);
    assert.equal(at(chunks[0], 'candidates', 0, 'finishReason'), undefined);
  });

  it('streams as one JSON array without alt', async () => {
    const res = await call(mock, '/v1beta/models/gemini-pro:streamGenerateContent', { body: requestFixture('gemini', 'generate.json'), headers });
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const array = res.json();
    assert.ok(Array.isArray(array));
    assert.equal(array.map((c: unknown) => at(c, 'candidates', 0, 'content', 'parts', 0, 'text')).join(''), 'Echo: Explain how AI works');
  });

  it('answers embedContent and batchEmbedContents with requested dimensionality', async () => {
    const one = (await call(mock, '/v1beta/models/text-embedding-004:embedContent', { body: requestFixture('gemini', 'embed.json'), headers })).json();
    assert.equal((at(one, 'embedding', 'values') as unknown[]).length, 10);
    const batch = { requests: [requestFixture('gemini', 'embed.json'), { content: { parts: [{ text: 'x' }] } }] };
    const many = (await call(mock, '/v1beta/models/text-embedding-004:batchEmbedContents', { body: batch, headers })).json();
    assert.equal((at(many, 'embeddings') as unknown[]).length, 2);
    assert.deepEqual(at(many, 'embeddings', 0), at(one, 'embedding'));
  });

  it('accepts ?key= and a Vertex bearer token on the publisher path', async () => {
    const viaQuery = await call(mock, `/v1beta/models/gemini-pro:generateContent?key=${KEY}`, { body: requestFixture('gemini', 'generate.json') });
    assert.equal(viaQuery.status, 200);
    const vertex = await call(mock, '/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-1.5-pro:generateContent', {
      body: requestFixture('gemini', 'generate.json'),
      headers: { authorization: `Bearer ${KEY}` },
    });
    assert.equal(vertex.status, 200);
    assert.equal(at(vertex.json(), 'modelVersion'), 'gemini-1.5-pro');
  });

  it('rejects a wrong key (400 API_KEY_INVALID) and a missing one (403)', async () => {
    const wrong = await call(mock, '/v1beta/models/gemini-pro:generateContent', { body: requestFixture('gemini', 'generate.json'), headers: { 'x-goog-api-key': 'nope' } });
    assert.equal(wrong.status, 400);
    assert.equal(at(wrong.json(), 'error', 'status'), 'INVALID_ARGUMENT');
    assert.equal(at(wrong.json(), 'error', 'details', 0, 'reason'), 'API_KEY_INVALID');
    const missing = await call(mock, '/v1beta/models/gemini-pro:generateContent', { body: requestFixture('gemini', 'generate.json') });
    assert.equal(missing.status, 403);
    assert.equal(at(missing.json(), 'error', 'status'), 'PERMISSION_DENIED');
  });
});

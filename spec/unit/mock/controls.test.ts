import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { decodeStream } from '../../../src/llm/stream/decoders';
import { KEY, at, call, requestFixture, sseEvents, startMockLlm, type MockLlm } from './helpers';

const openai = { authorization: `Bearer ${KEY}` };

/** A raw POST that reports whether the response ended cleanly (fetch hides the difference). */
function rawPost(mock: MockLlm, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: Buffer; complete: boolean; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'identity', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (complete: boolean): void => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), complete, headers: res.headers });
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish(res.complete));
      res.on('aborted', () => finish(false));
      res.on('error', () => finish(false));
      res.on('close', () => finish(res.complete));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('mock controls', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('x-mock-delay-ms waits before answering', async () => {
    const started = Date.now();
    const res = await call(mock, '/v1/chat/completions', { body: requestFixture('openai', 'chat.json'), headers: { ...openai, 'x-mock-delay-ms': '150' } });
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 140, 'answered too early');
  });

  it('x-mock-status answers each provider\'s own error body', async () => {
    const cases: Array<{ path: string; headers: Record<string, string>; body: unknown; check: (body: unknown) => void }> = [
      { path: '/v1/chat/completions', headers: openai, body: requestFixture('openai', 'chat.json'), check: (b) => assert.equal(at(b, 'error', 'code'), 'rate_limit_exceeded') },
      {
        path: '/v1/messages',
        headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
        body: requestFixture('anthropic', 'messages.json'),
        check: (b) => assert.deepEqual(at(b, 'error', 'type'), 'rate_limit_error'),
      },
      { path: '/v2/chat', headers: openai, body: requestFixture('cohere', 'v2-chat.json'), check: (b) => assert.equal(typeof at(b, 'message'), 'string') },
      { path: '/v1beta/models/g:generateContent', headers: { 'x-goog-api-key': KEY }, body: requestFixture('gemini', 'generate.json'), check: (b) => assert.equal(at(b, 'error', 'status'), 'RESOURCE_EXHAUSTED') },
      { path: '/api/chat', headers: {}, body: requestFixture('ollama', 'chat.json'), check: (b) => assert.equal(typeof at(b, 'error'), 'string') },
      { path: '/models/gpt2', headers: openai, body: { inputs: 'x' }, check: (b) => assert.equal(typeof at(b, 'error'), 'string') },
      { path: '/mistral/v1/chat/completions', headers: openai, body: requestFixture('openai', 'chat.json'), check: (b) => assert.equal(typeof at(b, 'message'), 'string') },
      { path: '/openai/deployments/d/chat/completions?api-version=2024-10-21', headers: { 'api-key': KEY }, body: requestFixture('openai', 'chat.json'), check: (b) => assert.equal(at(b, 'error', 'code'), '429') },
    ];
    for (const c of cases) {
      const res = await call(mock, c.path, { body: c.body, headers: { ...c.headers, 'x-mock-status': '429' } });
      assert.equal(res.status, 429, c.path);
      c.check(res.json());
    }
    const bedrock = await call(mock, '/model/m/converse', {
      body: requestFixture('bedrock', 'converse.json'),
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=${KEY}/20240101/us-east-1/bedrock/aws4_request, Signature=x`, 'x-mock-status': '429' },
    });
    assert.equal(bedrock.status, 429);
    assert.match(bedrock.headers.get('x-amzn-errortype') ?? '', /^ThrottlingException/);
  });

  it('x-mock-status does not bypass the credential check', async () => {
    const res = await call(mock, '/v1/chat/completions', { body: requestFixture('openai', 'chat.json'), headers: { 'x-mock-status': '500' } });
    assert.equal(res.status, 401);
  });

  it('x-mock-truncate cuts a stream after N events and ends it cleanly', async () => {
    const body = { ...requestFixture('openai', 'chat.json'), stream: true };
    const res = await rawPost(mock, '/v1/chat/completions', body, { ...openai, 'x-mock-truncate': '2' });
    assert.equal(res.complete, true);
    const events = sseEvents(res.body.toString('utf8'));
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => e.data !== '[DONE]'));
  });

  it('x-mock-truncate-mode: close destroys the socket mid-stream and mid-body', async () => {
    const body = { ...requestFixture('openai', 'chat.json'), stream: true };
    const streamed = await rawPost(mock, '/v1/chat/completions', body, { ...openai, 'x-mock-truncate': '1', 'x-mock-truncate-mode': 'close' });
    assert.equal(streamed.complete, false);
    assert.equal(sseEvents(streamed.body.toString('utf8')).length, 1);
    const whole = await rawPost(mock, '/v1/chat/completions', requestFixture('openai', 'chat.json'), { ...openai, 'x-mock-truncate': '10', 'x-mock-truncate-mode': 'close' });
    assert.equal(whole.complete, false);
    assert.ok(whole.body.length <= 10);
  });

  it('x-mock-truncate cuts a JSON body to N bytes', async () => {
    const res = await rawPost(mock, '/v1/chat/completions', requestFixture('openai', 'chat.json'), { ...openai, 'x-mock-truncate': '15' });
    assert.equal(res.complete, true);
    assert.equal(res.body.length, 15);
    assert.throws(() => JSON.parse(res.body.toString('utf8')) as unknown);
  });

  it('x-mock-gzip compresses bodies and streams', async () => {
    const json = await rawPost(mock, '/v1/chat/completions', requestFixture('openai', 'chat.json'), { ...openai, 'x-mock-gzip': '1' });
    assert.equal(json.headers['content-encoding'], 'gzip');
    assert.equal(at(JSON.parse(gunzipSync(json.body).toString('utf8')), 'choices', 0, 'message', 'content'), 'Echo: Say hello to the mock');
    const body = { ...requestFixture('openai', 'chat.json'), stream: true };
    const streamed = await rawPost(mock, '/v1/chat/completions', body, { ...openai, 'x-mock-gzip': 'true' });
    assert.equal(streamed.headers['content-encoding'], 'gzip');
    const decoded = decodeStream('sse', gunzipSync(streamed.body));
    assert.equal(decoded.events.at(-1)?.data, '[DONE]');
  });

  it('x-mock-garbage answers a 200 that claims JSON but is not', async () => {
    const res = await call(mock, '/v1/messages', { body: requestFixture('anthropic', 'messages.json'), headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'x-mock-garbage': '1' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.throws(() => res.json());
  });

  it('records requests and answers 404 for unknown paths', async () => {
    mock.requests.length = 0;
    const res = await call(mock, '/v9/unknown', { body: { a: 1 } });
    assert.equal(res.status, 404);
    assert.equal(mock.requests.length, 1);
    assert.deepEqual(mock.requests[0]?.body, { a: 1 });
    assert.equal(mock.requests[0]?.path, '/v9/unknown');
  });
});

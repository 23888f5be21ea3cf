import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, requestFixture, startMockLlm, type MockLlm } from './helpers';

const CUSTOM = 'sk-custom-key-9876';

interface AuthCase {
  provider: string;
  path: string;
  body: unknown;
  /** Headers carrying a credential, from the key. */
  good: (key: string) => Record<string, string>;
  /** The status a wrong / a missing credential gets. */
  wrongStatus: number;
  missingStatus: number;
}

const sigv4 = (key: string): Record<string, string> => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${key}/20240101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=00`,
});

const CASES: AuthCase[] = [
  { provider: 'openai', path: '/v1/chat/completions', body: requestFixture('openai', 'chat.json'), good: (k) => ({ authorization: `Bearer ${k}` }), wrongStatus: 401, missingStatus: 401 },
  { provider: 'azure', path: '/openai/deployments/d/chat/completions?api-version=2024-10-21', body: requestFixture('openai', 'chat.json'), good: (k) => ({ 'api-key': k }), wrongStatus: 401, missingStatus: 401 },
  { provider: 'anthropic', path: '/v1/messages', body: requestFixture('anthropic', 'messages.json'), good: (k) => ({ 'x-api-key': k, 'anthropic-version': '2023-06-01' }), wrongStatus: 401, missingStatus: 401 },
  { provider: 'cohere', path: '/v1/chat', body: requestFixture('cohere', 'v1-chat.json'), good: (k) => ({ authorization: `Bearer ${k}` }), wrongStatus: 401, missingStatus: 401 },
  { provider: 'mistral', path: '/mistral/v1/chat/completions', body: requestFixture('openai', 'chat.json'), good: (k) => ({ authorization: `Bearer ${k}` }), wrongStatus: 401, missingStatus: 401 },
  { provider: 'gemini', path: '/v1beta/models/g:generateContent', body: requestFixture('gemini', 'generate.json'), good: (k) => ({ 'x-goog-api-key': k }), wrongStatus: 400, missingStatus: 403 },
  { provider: 'bedrock', path: '/model/m/converse', body: requestFixture('bedrock', 'converse.json'), good: sigv4, wrongStatus: 403, missingStatus: 403 },
  { provider: 'huggingface', path: '/models/gpt2', body: requestFixture('huggingface', 'generate.json'), good: (k) => ({ authorization: `Bearer ${k}` }), wrongStatus: 401, missingStatus: 401 },
];

describe('mock credentials (started with --key)', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm({ key: CUSTOM });
  });
  after(() => mock.close());

  for (const c of CASES) {
    it(`${c.provider}: accepts the key where the provider expects it and rejects others`, async () => {
      assert.equal((await call(mock, c.path, { body: c.body, headers: c.good(CUSTOM) })).status, 200);
      const wrong = await call(mock, c.path, { body: c.body, headers: c.good('mock-key') });
      assert.equal(wrong.status, c.wrongStatus);
      assert.doesNotMatch(wrong.text, new RegExp(CUSTOM));
      assert.equal((await call(mock, c.path, { body: c.body })).status, c.missingStatus);
    });
  }

  it('accepts the key as a query or body parameter (Kong param auth)', async () => {
    assert.equal((await call(mock, `/v1/chat/completions?api_key=${CUSTOM}`, { body: requestFixture('openai', 'chat.json') })).status, 200);
    assert.equal((await call(mock, '/v1/chat', { body: { ...requestFixture('cohere', 'v1-chat.json'), token: CUSTOM } })).status, 200);
  });

  it('takes no credential for Ollama and Llama2', async () => {
    assert.equal((await call(mock, '/api/generate', { body: { ...requestFixture('ollama', 'generate.json') } })).status, 200);
    assert.equal((await call(mock, '/llama2/raw', { body: requestFixture('llama2', 'raw-chat.json') })).status, 200);
  });
});

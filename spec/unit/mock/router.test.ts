import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDERS } from '../../../src/mock/providers';
import { Router } from '../../../src/mock/router';
import { PROVIDER_PATHS } from '../../../src/mock';

describe('mock router', () => {
  const router = new Router(PROVIDERS);
  const name = (method: string, path: string): string | undefined => router.match(method, path)?.provider.name;

  it('sends each provider path to its provider', () => {
    assert.equal(name('POST', '/v1/chat/completions'), 'openai');
    assert.equal(name('POST', '/openai/deployments/my-gpt/chat/completions'), 'azure');
    assert.equal(name('POST', '/v1/messages'), 'anthropic');
    assert.equal(name('POST', '/v2/chat'), 'cohere');
    assert.equal(name('POST', '/mistral/v1/chat/completions'), 'mistral');
    assert.equal(name('POST', '/api/chat'), 'ollama');
    assert.equal(name('POST', '/llama2/raw'), 'llama2');
    assert.equal(name('POST', '/v1beta/models/gemini-1.5-pro:streamGenerateContent'), 'gemini');
    assert.equal(name('POST', '/v1/projects/p/locations/us-central1/publishers/google/models/gemini-pro:generateContent'), 'gemini');
    assert.equal(name('POST', '/model/anthropic.claude-3-sonnet-20240229-v1%3A0/converse-stream'), 'bedrock');
    assert.equal(name('POST', '/models/meta-llama/Llama-2-7b-chat-hf'), 'huggingface');
    assert.equal(name('POST', '/huggingface/v1/chat/completions'), 'huggingface');
    assert.equal(name('GET', '/v1/chat/completions'), undefined);
    assert.equal(name('POST', '/nowhere'), undefined);
  });

  it('also answers every provider under its own prefix', () => {
    assert.equal(name('POST', '/openai/v1/chat/completions'), 'openai');
    assert.equal(name('POST', '/anthropic/v1/messages'), 'anthropic');
    assert.equal(name('POST', '/bedrock/model/m/converse'), 'bedrock');
  });

  it('captures decoded path parameters, Gemini model before its method', () => {
    assert.deepEqual(router.match('POST', '/v1beta/models/gemini-2.0-flash:generateContent')?.params, { model: 'gemini-2.0-flash' });
    assert.deepEqual(router.match('POST', '/model/a.b-v1%3A0/converse')?.params, { model: 'a.b-v1:0' });
    assert.deepEqual(router.match('POST', '/models/org/name/v1/chat/completions')?.params, { owner: 'org', model: 'name' });
  });

  it('marks the self-hosted formats open and lists its paths', () => {
    assert.equal(router.match('POST', '/mistral/api/chat')?.open, true);
    assert.equal(router.match('POST', '/mistral/v1/chat/completions')?.open, false);
    const mistral = PROVIDER_PATHS.find((p) => p.provider === 'mistral');
    assert.ok(mistral?.paths.includes('POST /mistral/v1/chat/completions'));
    assert.ok(PROVIDER_PATHS.find((p) => p.provider === 'openai')?.paths.includes('POST /v1/chat/completions'));
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mistralDriver } from '../../../../src/llm/drivers/mistral';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, ModelOptions } from '../../../../src/llm/types';
import { OPEN_MODELS_RESPONSE_ID, assertRequestGolden, assertResponseGolden, assertStreamGolden, driverContext } from '../../../helpers/drivers';

const OPENAI: ModelOptions = { mistral_format: 'openai' };
const ctx = (routeType: LlmRouteType, options: ModelOptions = OPENAI, name = 'mistral-small-latest', stream = false) =>
  driverContext('mistral', routeType, { name, options, stream, responseId: OPEN_MODELS_RESPONSE_ID });
const url = (routeType: LlmRouteType, options: ModelOptions) => mistralDriver.upstream(ctx(routeType, options)).url.toString();
const is400 = (m: RegExp) => (err: unknown) => err instanceof LlmError && err.status === 400 && m.test(err.message);

describe('mistral upstream URL', () => {
  it("goes to api.mistral.ai in the openai format", () => {
    assert.equal(url('llm/v1/chat', OPENAI), 'https://api.mistral.ai/v1/chat/completions');
    assert.equal(url('llm/v1/embeddings', OPENAI), 'https://api.mistral.ai/v1/embeddings');
  });

  it('lets upstream_path replace the path on api.mistral.ai', () => {
    assert.equal(url('llm/v1/completions', { ...OPENAI, upstream_path: '/v1/fim/completions' }), 'https://api.mistral.ai/v1/fim/completions');
  });

  it('uses upstream_url as it is, or with the format endpoint when it names only the server', () => {
    assert.equal(url('llm/v1/chat', { ...OPENAI, upstream_url: 'https://api.mistral.ai/v1/chat/completions' }), 'https://api.mistral.ai/v1/chat/completions');
    assert.equal(url('llm/v1/completions', { ...OPENAI, upstream_url: 'http://vllm:8000' }), 'http://vllm:8000/v1/completions');
    assert.equal(url('llm/v1/chat', { mistral_format: 'ollama', upstream_url: 'http://ollama:11434' }), 'http://ollama:11434/api/chat');
    assert.equal(url('llm/v1/embeddings', { mistral_format: 'ollama', upstream_url: 'http://ollama:11434/api/embed' }), 'http://ollama:11434/api/embed');
  });

  it('answers 400 where no endpoint is known', () => {
    assert.throws(() => url('llm/v1/completions', OPENAI), is400(/no llm\/v1\/completions endpoint/));
    assert.throws(() => url('llm/v1/chat', { mistral_format: 'ollama' }), is400(/upstream_url is required when mistral_format is 'ollama'/));
    assert.throws(() => url('llm/v1/chat', {}), is400(/mistral_format is required/));
  });
});

describe('mistral openai format', () => {
  it('passes a chat request with tools through, model from config, top_k dropped (golden)', () => {
    assertRequestGolden(mistralDriver, ctx('llm/v1/chat'), 'mistral', 'chat');
  });

  it("names the embeddings size output_dimension on api.mistral.ai (golden)", () => {
    assertRequestGolden(mistralDriver, ctx('llm/v1/embeddings', OPENAI, 'codestral-embed'), 'mistral', 'embeddings');
  });

  it('keeps dimensions for a self-hosted OpenAI-compatible server', () => {
    const { body } = mistralDriver.toUpstream({ input: 'x', dimensions: 8 }, ctx('llm/v1/embeddings', { ...OPENAI, upstream_url: 'http://tei:8080' }, 'e5'));
    assert.deepEqual(body, { model: 'e5', input: 'x', dimensions: 8 });
  });

  it('passes a tool-call answer through (golden)', () => {
    assertResponseGolden(mistralDriver, ctx('llm/v1/chat'), 'mistral', 'chat-tool-calls');
  });

  it('passes an embeddings answer through (golden)', () => {
    assertResponseGolden(mistralDriver, ctx('llm/v1/embeddings', OPENAI, 'mistral-embed'), 'mistral', 'embeddings');
  });

  it('maps the SSE stream with usage on its last chunk, split anywhere (golden)', () => {
    assert.equal(mistralDriver.streamFraming(ctx('llm/v1/chat')), 'sse');
    assertStreamGolden(mistralDriver, ctx('llm/v1/chat', OPENAI, 'mistral-small-latest', true), 'mistral', 'chat');
  });

  it("reads Mistral's error bodies, including a 422's validation list", () => {
    assert.equal(mistralDriver.errorMessage({ object: 'error', message: 'Unauthorized', type: 'invalid_request_error', param: null, code: null }), 'Unauthorized');
    const validation = {
      object: 'error',
      message: { detail: [{ type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: {} }, { type: 'x', loc: ['body', 'messages', 0, 'role'], msg: 'Input should be a valid role' }] },
      type: 'invalid_request_error',
    };
    assert.equal(mistralDriver.errorMessage(validation), 'model: Field required; messages.0.role: Input should be a valid role');
    assert.equal(mistralDriver.errorMessage({ error: 'model "mistral" not found' }), 'model "mistral" not found');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { llama2Driver } from '../../../../src/llm/drivers/llama2';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType } from '../../../../src/llm/types';
import { OPEN_MODELS_RESPONSE_ID, driverContext, replayStream } from '../../../helpers/drivers';

const ctx = (routeType: LlmRouteType, stream = false) =>
  driverContext('llama2', routeType, { name: 'meta-llama/Llama-3.1-8B-Instruct', options: { llama2_format: 'openai', upstream_url: 'http://vllm.local:8000' }, stream, responseId: OPEN_MODELS_RESPONSE_ID });

describe('llama2 openai format', () => {
  it('passes the request through with the configured model, explicit stream and no top_k', () => {
    const { body } = llama2Driver.toUpstream({ model: 'client', messages: [{ role: 'user', content: 'hi' }], top_k: 3, temperature: 1 }, ctx('llm/v1/chat'));
    assert.deepEqual(body, { model: 'meta-llama/Llama-3.1-8B-Instruct', messages: [{ role: 'user', content: 'hi' }], temperature: 1, stream: false });
  });

  it('passes an OpenAI answer through and rejects one without choices', () => {
    const answer = { id: 'cmpl-1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hey' }, finish_reason: 'stop' }] };
    assert.deepEqual(llama2Driver.fromUpstream(answer, ctx('llm/v1/chat')), answer);
    assert.throws(() => llama2Driver.fromUpstream({ object: 'error' }, ctx('llm/v1/chat')), (err: unknown) => err instanceof LlmError && err.status === 502);
  });

  it('maps an OpenAI SSE stream', () => {
    assert.equal(llama2Driver.streamFraming(ctx('llm/v1/chat', true)), 'sse');
    const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'hé' }, finish_reason: null }] };
    const text = `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
    const out = replayStream(llama2Driver, ctx('llm/v1/chat', true), new TextEncoder().encode(text));
    assert.deepEqual(out.chunks, [chunk]);
    assert.equal(out.done, true);
  });

  it("reads OpenAI's and Ollama's error bodies", () => {
    assert.equal(llama2Driver.errorMessage({ error: { message: 'model not found', type: 'invalid_request_error' } }), 'model not found');
    assert.equal(llama2Driver.errorMessage({ error: 'out of memory' }), 'out of memory');
  });
});

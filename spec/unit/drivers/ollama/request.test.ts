import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { llama2Driver } from '../../../../src/llm/drivers/llama2';
import { mistralDriver } from '../../../../src/llm/drivers/mistral';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, OpenAIRequest } from '../../../../src/llm/types';
import { OPEN_MODELS_RESPONSE_ID, assertRequestGolden, driverContext } from '../../../helpers/drivers';

const OLLAMA = { llama2_format: 'ollama', upstream_url: 'http://ollama.local:11434/api/chat' } as const;
const ctx = (routeType: LlmRouteType, name: string, stream = false) => driverContext('llama2', routeType, { name, options: { ...OLLAMA }, stream, responseId: OPEN_MODELS_RESPONSE_ID });

describe('ollama format: OpenAI request → Ollama body', () => {
  it('maps system, multi-turn, content parts and every sampling option (golden)', () => {
    assertRequestGolden(llama2Driver, ctx('llm/v1/chat', 'llama3.2'), 'ollama', 'chat-multiturn');
  });

  it('maps tools, assistant tool calls (object arguments), tool results by name, json format and stream (golden)', () => {
    assertRequestGolden(llama2Driver, ctx('llm/v1/chat', 'llama3.2', true), 'ollama', 'chat-tools');
  });

  it('sends images as bare base64 (golden)', () => {
    assertRequestGolden(llama2Driver, ctx('llm/v1/chat', 'llava'), 'ollama', 'chat-image');
  });

  it('maps completions to /api/generate (golden)', () => {
    assertRequestGolden(llama2Driver, ctx('llm/v1/completions', 'llama3.2'), 'ollama', 'completions');
  });

  it('maps embeddings to /api/embed (golden)', () => {
    assertRequestGolden(llama2Driver, ctx('llm/v1/embeddings', 'all-minilm'), 'ollama', 'embeddings');
  });

  it('is the same mapping for mistral_format ollama', () => {
    const req: OpenAIRequest = { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 };
    const mistral = driverContext('mistral', 'llm/v1/chat', { name: 'mistral', options: { mistral_format: 'ollama', upstream_url: 'http://m:11434' }, responseId: OPEN_MODELS_RESPONSE_ID });
    assert.deepEqual(mistralDriver.toUpstream(req, mistral).body, {
      model: 'mistral',
      messages: [{ role: 'user', content: 'hi' }],
      stream: false,
      options: { num_predict: 5 },
    });
  });

  it("does not offer tools when tool_choice is 'none'", () => {
    const req: OpenAIRequest = {
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'f' } }],
      tool_choice: 'none',
    };
    const { body } = llama2Driver.toUpstream(req, ctx('llm/v1/chat', 'llama3.2'));
    assert.equal((body as Record<string, unknown>).tools, undefined);
  });

  const rejects: [string, LlmRouteType, OpenAIRequest, RegExp][] = [
    ['prompt and messages together', 'llm/v1/chat', { prompt: 'a', messages: [] }, /cannot run raw 'prompt' and chat history 'messages'/],
    ['image by URL', 'llm/v1/chat', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] }, /base64 data URLs/],
    ['tool arguments that are not JSON', 'llm/v1/chat', { messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{' } }] }] }, /JSON object string/],
    ['several prompts', 'llm/v1/completions', { prompt: ['a', 'b'] }, /one 'prompt' string/],
    ['a non-numeric temperature', 'llm/v1/chat', { messages: [], temperature: 'hot' as unknown as number }, /'temperature' must be a number/],
    ['token-id input for embeddings', 'llm/v1/embeddings', { input: [1, 2, 3] }, /'input' must be a string/],
  ];
  for (const [what, routeType, req, message] of rejects) {
    it(`answers 400 for ${what}`, () => {
      assert.throws(
        () => llama2Driver.toUpstream(req, ctx(routeType, 'llama3.2')),
        (err: unknown) => err instanceof LlmError && err.status === 400 && message.test(err.message),
      );
    });
  }
});

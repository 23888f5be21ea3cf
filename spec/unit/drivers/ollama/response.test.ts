import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { llama2Driver } from '../../../../src/llm/drivers/llama2';
import { mapOllamaDoneReason } from '../../../../src/llm/drivers/ollama';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, ModelOptions } from '../../../../src/llm/types';
import { OPEN_MODELS_RESPONSE_ID, assertResponseGolden, driverContext } from '../../../helpers/drivers';

const ctx = (routeType: LlmRouteType, extra: ModelOptions = {}) =>
  driverContext('llama2', routeType, { name: 'llama3.2', options: { llama2_format: 'ollama', upstream_url: 'http://ollama.local:11434', ...extra }, responseId: OPEN_MODELS_RESPONSE_ID });

describe('ollama format: Ollama answer → OpenAI', () => {
  const goldens: [string, LlmRouteType][] = [
    ['chat-text', 'llm/v1/chat'],
    ['chat-length', 'llm/v1/chat'],
    ['chat-tool-calls', 'llm/v1/chat'],
    ['chat-no-usage', 'llm/v1/chat'],
    ['chat-load', 'llm/v1/chat'],
    ['generate', 'llm/v1/completions'],
    ['embed', 'llm/v1/embeddings'],
  ];
  for (const [name, routeType] of goldens) {
    it(`maps ${name} (golden)`, () => assertResponseGolden(llama2Driver, ctx(routeType), 'ollama', name));
  }

  it("reads a missing done_reason as Kong does: 'length' when exactly max_tokens were generated", () => {
    const body = { model: 'llama3.2', message: { role: 'assistant', content: 'cut' }, done: true, eval_count: 16, prompt_eval_count: 3 };
    const out = llama2Driver.fromUpstream(body, ctx('llm/v1/chat', { max_tokens: 16 }));
    assert.equal(out.object === 'chat.completion' && out.choices[0].finish_reason, 'length');
    const other = llama2Driver.fromUpstream(body, ctx('llm/v1/chat', { max_tokens: 17 }));
    assert.equal(other.object === 'chat.completion' && other.choices[0].finish_reason, 'stop');
  });

  it('maps every done_reason', () => {
    assert.equal(mapOllamaDoneReason('stop', false, 1, null), 'stop');
    assert.equal(mapOllamaDoneReason('stop', true, 1, null), 'tool_calls');
    assert.equal(mapOllamaDoneReason('length', false, 1, null), 'length');
    assert.equal(mapOllamaDoneReason('load', false, 0, null), 'stop');
    assert.equal(mapOllamaDoneReason('unload', false, 0, null), 'stop');
    assert.equal(mapOllamaDoneReason('something-new', false, 3, 3), 'length');
    assert.equal(mapOllamaDoneReason(undefined, false, 2, 3), 'stop');
  });

  const malformed: [string, LlmRouteType, unknown, RegExp][] = [
    ['a chat answer without message', 'llm/v1/chat', { model: 'x', done: true }, /'message' not in ollama chat response/],
    ['a generate answer without response', 'llm/v1/completions', { model: 'x', done: true }, /'response' not in ollama generate response/],
    ['an embed answer without embeddings', 'llm/v1/embeddings', { model: 'x' }, /'embeddings' not in ollama embed response/],
    ['tool calls with string arguments', 'llm/v1/chat', { message: { content: '', tool_calls: [{ function: { name: 'f', arguments: '{}' } }] } }, /malformed 'tool_calls'/],
    ['an error in a 200 body', 'llm/v1/chat', { error: 'model "nope" not found, try pulling it first' }, /model "nope" not found/],
    ['a body that is not an object', 'llm/v1/chat', [1, 2], /failed to decode ollama response/],
  ];
  for (const [what, routeType, body, message] of malformed) {
    it(`answers 502 for ${what}`, () => {
      assert.throws(
        () => llama2Driver.fromUpstream(body, ctx(routeType)),
        (err: unknown) =>
          err instanceof LlmError && err.status === 502 && err.message.startsWith(`transformation failed from type llama2://${routeType}: `) && message.test(err.message),
      );
    });
  }

  it("reads Ollama's error body", () => {
    assert.equal(llama2Driver.errorMessage({ error: 'model "llama9" not found, try pulling it first' }), 'model "llama9" not found, try pulling it first');
    assert.equal(llama2Driver.errorMessage('<html>bad gateway</html>'), undefined);
  });
});

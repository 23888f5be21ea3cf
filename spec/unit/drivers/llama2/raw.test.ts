import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { llama2Driver, toLlama2ChatPrompt } from '../../../../src/llm/drivers/llama2';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, OpenAIRequest } from '../../../../src/llm/types';
import { OPEN_MODELS_RESPONSE_ID, assertRequestGolden, assertResponseGolden, driverContext } from '../../../helpers/drivers';

const ctx = (routeType: LlmRouteType, stream = false) =>
  driverContext('llama2', routeType, { name: 'llama-2-7b-chat', options: { llama2_format: 'raw', upstream_url: 'http://tgi.local:8080/generate' }, stream, responseId: OPEN_MODELS_RESPONSE_ID });

const is400 = (message: RegExp) => (err: unknown) => err instanceof LlmError && err.status === 400 && message.test(err.message);

describe('llama2 raw format', () => {
  it('builds the [INST] prompt of a multi-turn chat exactly as Kong does, with the sampling parameters (golden)', () => {
    assertRequestGolden(llama2Driver, ctx('llm/v1/chat'), 'llama2', 'raw-chat');
  });

  it("wraps a completion prompt in Kong's fixed system prompt (golden)", () => {
    assertRequestGolden(llama2Driver, ctx('llm/v1/completions'), 'llama2', 'raw-completions');
  });

  it('writes the first message as the system block whatever its role, and a later system message as an answer (Kong)', () => {
    assert.equal(
      toLlama2ChatPrompt([
        { role: 'user', content: 'A' },
        { role: 'user', content: 'B' },
        { role: 'system', content: 'C' },
      ]),
      '<s>[INST] <<SYS>> A <</SYS>> B [/INST] C </s>',
    );
  });

  it('takes the reply after the last [/INST], trimmed, and keeps usage (golden)', () => {
    assertResponseGolden(llama2Driver, ctx('llm/v1/chat'), 'llama2', 'raw-chat');
  });

  it('maps a completion answer without usage (golden)', () => {
    assertResponseGolden(llama2Driver, ctx('llm/v1/completions'), 'llama2', 'raw-completions');
  });

  const requestErrors: [string, LlmRouteType, OpenAIRequest, boolean, RegExp][] = [
    ['embeddings', 'llm/v1/embeddings', { input: 'x' }, false, /does not support llm\/v1\/embeddings/],
    ['streaming', 'llm/v1/chat', { messages: [{ role: 'user', content: 'x' }] }, true, /does not support streaming/],
    ['tool results', 'llm/v1/chat', { messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }, { role: 'tool', content: 'r', tool_call_id: 'c' }] }, false, /role 'tool' is not supported/],
    ['prompt and messages together', 'llm/v1/chat', { prompt: 'p', messages: [] }, false, /cannot run raw 'prompt'/],
  ];
  for (const [what, routeType, req, stream, message] of requestErrors) {
    it(`answers 400 for ${what}`, () => {
      assert.throws(() => llama2Driver.toUpstream(req, ctx(routeType, stream)), is400(message));
    });
  }

  const responseErrors: [string, unknown, string][] = [
    ['no data', { generated_text: 'x' }, 'cannot parse response from llama2 endpoint'],
    ['more than one answer', { data: [{ generated_text: 'a' }, { generated_text: 'b' }] }, 'cannot parse response from llama2 endpoint'],
    ['no generated_text', { data: [{}] }, 'response data is empty from llama2 endpoint'],
  ];
  for (const [what, body, message] of responseErrors) {
    it(`answers 502 with Kong's words for ${what}`, () => {
      assert.throws(
        () => llama2Driver.fromUpstream(body, ctx('llm/v1/chat')),
        (err: unknown) => err instanceof LlmError && err.status === 502 && err.message === `transformation failed from type llama2://llm/v1/chat: ${message}`,
      );
    });
  }
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicDriver, mapAnthropicStopReason } from '../../../../src/llm/drivers/anthropic';
import { LlmError } from '../../../../src/llm/errors';
import type { FinishReason, LlmRouteType } from '../../../../src/llm/types';
import { assertResponseGolden, driverContext } from '../../../helpers/drivers';

const CASES: { name: string; routeType: LlmRouteType; model: string }[] = [
  { name: 'text-end-turn', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'tool-use', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'tool-only-no-usage', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'max-tokens', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'structured-output', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'complete-text', routeType: 'llm/v1/completions', model: 'claude-2.1' },
];

function translate(body: unknown, routeType: LlmRouteType = 'llm/v1/chat') {
  return anthropicDriver.fromUpstream(body, driverContext('anthropic', routeType, { name: 'claude-sonnet-4-5' }));
}

describe('anthropic response mapping (golden fixtures)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assertResponseGolden(anthropicDriver, driverContext('anthropic', c.routeType, { name: c.model }), 'anthropic', c.name);
    });
  }
});

describe('anthropic response mapping (rules)', () => {
  it('maps every stop_reason to an OpenAI finish_reason', () => {
    const table: [unknown, FinishReason][] = [
      ['end_turn', 'stop'],
      ['stop_sequence', 'stop'],
      ['pause_turn', 'stop'],
      ['max_tokens', 'length'],
      ['model_context_window_exceeded', 'length'],
      ['tool_use', 'tool_calls'],
      ['refusal', 'content_filter'],
      ['a_reason_from_the_future', 'stop'],
      [null, 'stop'],
      [undefined, 'stop'],
    ];
    for (const [reason, expected] of table) assert.equal(mapAnthropicStopReason(reason), expected, String(reason));
  });

  it('puts the mapped stop_reason into finish_reason of chat and completions', () => {
    const chat = translate({ content: [{ type: 'text', text: 'no' }], stop_reason: 'refusal' });
    assert.equal(chat.object, 'chat.completion');
    assert.equal(chat.object === 'chat.completion' && chat.choices[0].finish_reason, 'content_filter');
    const complete = translate({ completion: 'x', stop_reason: 'max_tokens' }, 'llm/v1/completions');
    assert.equal(complete.object === 'text_completion' && complete.choices[0].finish_reason, 'length');
  });

  it('counts only the tokens the provider reported', () => {
    const onlyOutput = translate({ content: [], stop_reason: 'end_turn', usage: { output_tokens: 3 } });
    assert.deepEqual(onlyOutput.usage, { prompt_tokens: 0, completion_tokens: 3, total_tokens: 3 });
    const none = translate({ content: [], stop_reason: 'end_turn', usage: {} });
    assert.equal(none.usage, undefined);
  });

  it('answers 502 when the body is not a Messages / Text Completions answer', () => {
    const is502 = (pattern: RegExp) => (err: unknown) => err instanceof LlmError && err.status === 502 && pattern.test(err.message);
    assert.throws(() => translate({ id: 'x' }), is502(/'content' not in anthropic:\/\/llm\/v1\/chat response/));
    assert.throws(() => translate('oops'), is502(/'content' not in/));
    assert.throws(() => translate({ content: [] }, 'llm/v1/completions'), is502(/'completion' not in anthropic:\/\/llm\/v1\/completions/));
    assert.throws(
      () => translate({ type: 'error', error: { type: 'api_error', message: 'Internal server error' } }),
      is502(/^api_error: Internal server error$/),
    );
  });
});

describe('anthropic error bodies', () => {
  it('reads type and message of an error body', () => {
    const body = { type: 'error', error: { type: 'not_found_error', message: 'model: claude-9' }, request_id: 'req_1' };
    assert.equal(anthropicDriver.errorMessage(body), 'not_found_error: model: claude-9');
    assert.equal(anthropicDriver.errorMessage({ type: 'error', error: { type: 'overloaded_error' } }), 'overloaded_error');
    assert.equal(anthropicDriver.errorMessage({ type: 'error', error: { message: 'Overloaded' } }), 'Overloaded');
  });

  it('has nothing to say about bodies that are not Anthropic errors', () => {
    for (const body of [null, 'Bad Gateway', { message: 'x' }, { error: 'x' }, [1]]) assert.equal(anthropicDriver.errorMessage(body), undefined);
  });
});

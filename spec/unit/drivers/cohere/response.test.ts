import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cohereDriver, mapCohereFinishReason } from '../../../../src/llm/drivers/cohere';
import { LlmError } from '../../../../src/llm/errors';
import type { FinishReason, LlmRouteType } from '../../../../src/llm/types';
import { assertResponseGolden, driverContext } from '../../../helpers/drivers';

const CASES: { name: string; routeType: LlmRouteType; model: string }[] = [
  { name: 'chat-v1-text', routeType: 'llm/v1/chat', model: 'command-r-plus-08-2024' },
  { name: 'chat-v1-tool-call', routeType: 'llm/v1/chat', model: 'command-r-plus-08-2024' },
  { name: 'chat-v2-text', routeType: 'llm/v1/chat', model: 'command-a-03-2025' },
  { name: 'chat-v2-tool-call', routeType: 'llm/v1/chat', model: 'command-a-03-2025' },
  { name: 'chat-v2-max-tokens-no-usage', routeType: 'llm/v1/chat', model: 'command-a-03-2025' },
  { name: 'generate', routeType: 'llm/v1/completions', model: 'command' },
  { name: 'embed-v2', routeType: 'llm/v1/embeddings', model: 'embed-v4.0' },
  { name: 'embed-v1', routeType: 'llm/v1/embeddings', model: 'embed-english-v3.0' },
];

function translate(body: unknown, routeType: LlmRouteType = 'llm/v1/chat') {
  return cohereDriver.fromUpstream(body, driverContext('cohere', routeType, { name: 'command-a-03-2025' }));
}

describe('cohere response mapping (golden fixtures)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assertResponseGolden(cohereDriver, driverContext('cohere', c.routeType, { name: c.model }), 'cohere', c.name);
    });
  }
});

describe('cohere response mapping (rules)', () => {
  it('maps every finish_reason to an OpenAI finish_reason', () => {
    const table: [unknown, FinishReason][] = [
      ['COMPLETE', 'stop'],
      ['STOP_SEQUENCE', 'stop'],
      ['MAX_TOKENS', 'length'],
      ['ERROR_LIMIT', 'length'],
      ['TOOL_CALL', 'tool_calls'],
      ['ERROR_TOXIC', 'content_filter'],
      ['ERROR', 'stop'],
      ['TIMEOUT', 'stop'],
      ['USER_CANCEL', 'stop'],
      ['SOMETHING_NEW', 'stop'],
      [undefined, 'stop'],
    ];
    for (const [reason, expected] of table) assert.equal(mapCohereFinishReason(reason), expected, String(reason));
  });

  it('puts the mapped reason into v1 chat answers', () => {
    const out = translate({ text: 'x', finish_reason: 'ERROR_TOXIC' });
    assert.equal(out.object === 'chat.completion' && out.choices[0].finish_reason, 'content_filter');
  });

  it('answers 502 with Cohere\'s message or a shape error', () => {
    const is502 = (pattern: RegExp) => (err: unknown) => err instanceof LlmError && err.status === 502 && pattern.test(err.message);
    assert.throws(() => translate({ id: 'x' }), is502(/'message' or 'text' missing from cohere response body/));
    assert.throws(() => translate({ message: 'invalid api token' }, 'llm/v1/completions'), is502(/^invalid api token$/));
    assert.throws(() => translate({ embeddings: { int8: [[1]] } }, 'llm/v1/embeddings'), is502(/'embeddings' not in/));
    assert.throws(() => translate(null, 'llm/v1/embeddings'), is502(/'embeddings' missing/));
  });
});

describe('cohere error bodies', () => {
  it('reads the message of v1 and v2 error bodies', () => {
    assert.equal(cohereDriver.errorMessage({ message: 'invalid api token' }), 'invalid api token');
    assert.equal(cohereDriver.errorMessage({ id: 'e1', message: "model 'x' not found" }), "model 'x' not found");
  });

  it('has nothing to say about other bodies', () => {
    for (const body of [null, 'Bad Gateway', { error: 'x' }, [1]]) assert.equal(cohereDriver.errorMessage(body), undefined);
  });
});

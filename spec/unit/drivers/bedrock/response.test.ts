import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bedrockDriver, mapBedrockStopReason } from '../../../../src/llm/drivers/bedrock';
import { LlmError } from '../../../../src/llm/errors';
import { assertResponseGolden, driverContext } from '../../../helpers/drivers';

const ctx = () => driverContext('bedrock', 'llm/v1/chat', { name: 'anthropic.claude-3-haiku-20240307-v1:0', options: { bedrock: { aws_region: 'us-east-1' } } });

describe('bedrock response: Converse → OpenAI chat completion', () => {
  it('text blocks join into the content; usage maps', () => assertResponseGolden(bedrockDriver, ctx(), 'bedrock', 'text'));
  it('toolUse blocks become tool calls', () => assertResponseGolden(bedrockDriver, ctx(), 'bedrock', 'tool-use'));
  it('max_tokens is length', () => assertResponseGolden(bedrockDriver, ctx(), 'bedrock', 'max-tokens'));

  it('maps every stop reason', () => {
    assert.equal(mapBedrockStopReason('end_turn'), 'stop');
    assert.equal(mapBedrockStopReason('stop_sequence'), 'stop');
    assert.equal(mapBedrockStopReason('max_tokens'), 'length');
    assert.equal(mapBedrockStopReason('tool_use'), 'tool_calls');
    assert.equal(mapBedrockStopReason('guardrail_intervened'), 'content_filter');
    assert.equal(mapBedrockStopReason('content_filtered'), 'content_filter');
  });

  it('a body without output.message.content is a 502 (the provider message when it has one)', () => {
    assert.throws(() => bedrockDriver.fromUpstream({ foo: 1 }, ctx()), (err: unknown) => err instanceof LlmError && err.status === 502 && /output\.message\.content/.test(err.message));
    assert.throws(() => bedrockDriver.fromUpstream({ message: 'Model is overloaded' }, ctx()), (err: unknown) => err instanceof LlmError && err.message === 'Model is overloaded');
  });

  it('error bodies: {"message"}', () => {
    assert.equal(bedrockDriver.errorMessage({ message: 'The security token included in the request is invalid.' }), 'The security token included in the request is invalid.');
    assert.equal(bedrockDriver.errorMessage({ error: 'x' }), undefined);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { geminiDriver } from '../../../../src/llm/drivers/gemini';
import { driverContext, itReplaysStreamGolden, replayStream } from '../../../helpers/drivers';

const ctx = () => driverContext('gemini', 'llm/v1/chat', { name: 'gemini-2.0-flash', stream: true });
const bytes = (text: string) => new TextEncoder().encode(text);

describe('gemini stream (golden fixtures)', () => {
  assert.equal(geminiDriver.streamFraming(ctx()), 'json-array');
  for (const name of ['stream-text', 'stream-tool', 'stream-error']) {
    describe(name, () => itReplaysStreamGolden(geminiDriver, ctx, 'gemini', name));
  }
});

describe('gemini stream (rules)', () => {
  it('a stream cut before its last element is truncated and not done', () => {
    const out = replayStream(geminiDriver, ctx(), bytes('[{"candidates":[{"content":{"parts":[{"text":"a"}]}}]},\r\n{"candidates":[{"content":'));
    assert.equal(out.truncated, true);
    assert.equal(out.done, false);
    assert.equal(out.chunks.length, 1);
  });

  it('a blocked prompt ends the stream with content_filter', () => {
    const out = replayStream(geminiDriver, ctx(), bytes('[{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":4}}]'));
    assert.equal(out.done, true);
    assert.deepEqual(out.usage, { prompt_tokens: 4 });
    assert.deepEqual(out.chunks[0]?.choices[0], { index: 0, delta: { role: 'assistant' }, finish_reason: 'content_filter', logprobs: null });
  });

  it('elements that are not objects are a 502, an error answer is its message', () => {
    assert.deepEqual(replayStream(geminiDriver, ctx(), bytes('[1]')).errors, ['502 malformed event in the gemini stream']);
    const error = '{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT"}}';
    assert.deepEqual(replayStream(geminiDriver, ctx(), bytes(error)).errors, ['502 INVALID_ARGUMENT: API key not valid.']);
  });

  it('each candidate is its own choice with its own role chunk', () => {
    const two = '[{"candidates":[{"index":0,"content":{"parts":[{"text":"a"}]}},{"index":1,"content":{"parts":[{"text":"b"}]},"finishReason":"STOP"}]}]';
    const out = replayStream(geminiDriver, ctx(), bytes(two));
    assert.deepEqual(
      out.chunks.map((c) => c.choices[0]),
      [
        { index: 0, delta: { role: 'assistant', content: 'a' }, finish_reason: null, logprobs: null },
        { index: 1, delta: { role: 'assistant', content: 'b' }, finish_reason: 'stop', logprobs: null },
      ],
    );
    assert.equal(out.done, false, 'candidate 0 has not finished');
  });
});

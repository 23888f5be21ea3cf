import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { geminiDriver, mapGeminiFinishReason } from '../../../../src/llm/drivers/gemini';
import { GEMINI_FINISH_REASONS } from '../../../../src/llm/drivers/gemini/finish-reason';
import { LlmError } from '../../../../src/llm/errors';
import { assertResponseGolden, driverContext } from '../../../helpers/drivers';

const chat = () => driverContext('gemini', 'llm/v1/chat', { name: 'gemini-2.0-flash' });

describe('gemini response mapping (golden fixtures)', () => {
  for (const name of ['text-stop', 'tool-call', 'two-candidates', 'prompt-blocked']) {
    it(name, () => assertResponseGolden(geminiDriver, chat(), 'gemini', name));
  }
  it('embeddings', () => assertResponseGolden(geminiDriver, driverContext('gemini', 'llm/v1/embeddings', { name: 'text-embedding-004' }), 'gemini', 'embeddings'));
});

describe('gemini response mapping (rules)', () => {
  it('answers without candidates are a 502 with Kong\'s message', () => {
    assert.throws(
      () => geminiDriver.fromUpstream({ usageMetadata: { promptTokenCount: 1 } }, chat()),
      (err: unknown) => err instanceof LlmError && err.status === 502 && /no generation candidates/.test(err.message),
    );
  });

  it('embeddings without numeric vectors are a 502', () => {
    const ctx = driverContext('gemini', 'llm/v1/embeddings', { name: 'text-embedding-004' });
    assert.throws(() => geminiDriver.fromUpstream({ embeddings: [{ values: ['x'] }] }, ctx), (err: unknown) => err instanceof LlmError && err.status === 502);
    assert.throws(() => geminiDriver.fromUpstream({ embedding: { values: [1] } }, ctx), (err: unknown) => err instanceof LlmError && err.status === 502);
  });

  it('maps every finish reason Gemini documents', () => {
    const expected: Record<(typeof GEMINI_FINISH_REASONS)[number], string> = {
      FINISH_REASON_UNSPECIFIED: 'stop',
      STOP: 'stop',
      MAX_TOKENS: 'length',
      SAFETY: 'content_filter',
      RECITATION: 'content_filter',
      LANGUAGE: 'stop',
      OTHER: 'stop',
      BLOCKLIST: 'content_filter',
      PROHIBITED_CONTENT: 'content_filter',
      SPII: 'content_filter',
      MALFORMED_FUNCTION_CALL: 'stop',
      IMAGE_SAFETY: 'content_filter',
      IMAGE_PROHIBITED_CONTENT: 'content_filter',
      IMAGE_RECITATION: 'content_filter',
      IMAGE_OTHER: 'stop',
      NO_IMAGE: 'stop',
      UNEXPECTED_TOOL_CALL: 'stop',
      TOO_MANY_TOOL_CALLS: 'stop',
    };
    for (const reason of GEMINI_FINISH_REASONS) assert.equal(mapGeminiFinishReason(reason, false), expected[reason], reason);
    assert.equal(mapGeminiFinishReason('STOP', true), 'tool_calls');
    assert.equal(mapGeminiFinishReason('MAX_TOKENS', true), 'length');
    assert.equal(mapGeminiFinishReason(undefined, true), null);
    assert.equal(mapGeminiFinishReason('SOMETHING_NEW', false), 'stop');
  });

  it('reads Google error bodies, also as a one-element array', () => {
    const body = { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } };
    assert.equal(geminiDriver.errorMessage(body), 'RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).');
    assert.equal(geminiDriver.errorMessage([body]), 'RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).');
    assert.equal(geminiDriver.errorMessage({ error: { code: 500, status: 'INTERNAL' } }), 'INTERNAL');
    assert.equal(geminiDriver.errorMessage({ message: 'x' }), undefined);
  });
});

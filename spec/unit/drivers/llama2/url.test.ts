import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { llama2Driver } from '../../../../src/llm/drivers/llama2';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, ModelOptions } from '../../../../src/llm/types';
import { OPEN_MODELS_RESPONSE_ID, driverContext } from '../../../helpers/drivers';

const url = (routeType: LlmRouteType, options: ModelOptions) => llama2Driver.upstream(driverContext('llama2', routeType, { options, responseId: OPEN_MODELS_RESPONSE_ID })).url.toString();

describe('llama2 upstream URL', () => {
  it('uses upstream_url as it is, whatever the format', () => {
    for (const llama2_format of ['raw', 'openai', 'ollama'] as const) {
      assert.equal(url('llm/v1/chat', { llama2_format, upstream_url: 'http://llama.local:8080/custom/path?x=1' }), 'http://llama.local:8080/custom/path?x=1');
    }
  });

  it("appends the format's endpoint when upstream_url names only the server", () => {
    const cases: [ModelOptions['llama2_format'], LlmRouteType, string][] = [
      ['ollama', 'llm/v1/chat', 'http://ollama:11434/api/chat'],
      ['ollama', 'llm/v1/completions', 'http://ollama:11434/api/generate'],
      ['ollama', 'llm/v1/embeddings', 'http://ollama:11434/api/embed'],
      ['openai', 'llm/v1/chat', 'http://ollama:11434/v1/chat/completions'],
      ['openai', 'llm/v1/completions', 'http://ollama:11434/v1/completions'],
      ['openai', 'llm/v1/embeddings', 'http://ollama:11434/v1/embeddings'],
      ['raw', 'llm/v1/chat', 'http://ollama:11434/'],
    ];
    for (const [llama2_format, routeType, expected] of cases) {
      assert.equal(url(routeType, { llama2_format, upstream_url: 'http://ollama:11434' }), expected, `${llama2_format} ${routeType}`);
    }
  });

  it('answers 400 without upstream_url, without llama2_format, or with a URL that does not parse', () => {
    const is400 = (m: RegExp) => (err: unknown) => err instanceof LlmError && err.status === 400 && m.test(err.message);
    assert.throws(() => url('llm/v1/chat', { llama2_format: 'ollama' }), is400(/upstream_url is required/));
    assert.throws(() => url('llm/v1/chat', { upstream_url: 'http://x' }), is400(/llama2_format is required/));
    assert.throws(() => url('llm/v1/chat', { llama2_format: 'raw', upstream_url: 'not a url' }), is400(/invalid upstream URL/));
  });
});

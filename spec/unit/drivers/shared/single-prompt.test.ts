import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anthropicDriver } from '../../../../src/llm/drivers/anthropic';
import { cohereDriver } from '../../../../src/llm/drivers/cohere';
import { huggingfaceDriver } from '../../../../src/llm/drivers/huggingface';
import { llama2Driver } from '../../../../src/llm/drivers/llama2';
import { singlePrompt } from '../../../../src/llm/drivers/shared/single-prompt';
import type { Driver } from '../../../../src/llm/drivers/types';
import { LlmError } from '../../../../src/llm/errors';
import type { ModelOptions, OpenAIRequest, Provider } from '../../../../src/llm/types';
import { driverContext } from '../../../helpers/drivers';

describe('singlePrompt', () => {
  it('takes a string, or an array of exactly one string', () => {
    assert.equal(singlePrompt('Say this'), 'Say this');
    assert.equal(singlePrompt(['Say this']), 'Say this');
    assert.equal(singlePrompt(''), '');
  });

  it('has no answer for several prompts, token arrays or no prompt', () => {
    for (const prompt of [['a', 'b'], [], [[1, 2]], [1], 42, null, undefined]) assert.equal(singlePrompt(prompt), undefined, JSON.stringify(prompt));
  });
});

describe("each completions driver words its own 400 for what singlePrompt refuses", () => {
  const cases: { provider: Provider; driver: Driver; options?: ModelOptions; several: RegExp; notText: RegExp }[] = [
    { provider: 'anthropic', driver: anthropicDriver, several: /^'prompt' must be a string \(anthropic completes one prompt per request\)$/, notText: /^'prompt' must be a string \(anthropic completes one prompt per request\)$/ },
    { provider: 'cohere', driver: cohereDriver, several: /^'prompt' must be a string \(cohere generates for one prompt per request\)$/, notText: /^'prompt' must be a string \(cohere generates for one prompt per request\)$/ },
    { provider: 'huggingface', driver: huggingfaceDriver, several: /^the huggingface text-generation task takes one 'prompt' string per request$/, notText: /^'prompt' must be a string for llm\/v1\/completions$/ },
    { provider: 'llama2', driver: llama2Driver, options: { llama2_format: 'ollama', upstream_url: 'http://ollama.local:11434' }, several: /^the ollama format takes one 'prompt' string per request$/, notText: /^'prompt' must be a string for llm\/v1\/completions$/ },
    { provider: 'llama2', driver: llama2Driver, options: { llama2_format: 'raw', upstream_url: 'http://tgi.local:8080/generate' }, several: /^'prompt' must be a string for llm\/v1\/completions$/, notText: /^'prompt' must be a string for llm\/v1\/completions$/ },
  ];
  for (const c of cases) {
    const label = `${c.provider}${c.options?.llama2_format ? ` (${c.options.llama2_format})` : ''}`;
    const translate = (req: Record<string, unknown>) => c.driver.toUpstream(req as OpenAIRequest, driverContext(c.provider, 'llm/v1/completions', { options: c.options }));
    const refuses = (req: Record<string, unknown>, message: RegExp) =>
      assert.throws(() => translate(req), (err: unknown) => err instanceof LlmError && err.status === 400 && message.test(err.message), `${label}: ${JSON.stringify(req)}`);

    it(`${label}: one prompt in an array is the prompt; several are a 400`, () => {
      assert.doesNotThrow(() => translate({ prompt: ['Say this'] }));
      refuses({ prompt: ['a', 'b'] }, c.several);
    });

    it(`${label}: a prompt that is no text is a 400`, () => {
      refuses({ prompt: 42 }, c.notText);
    });
  }
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getDriver } from '../../../../src/llm/drivers';
import { huggingfaceDriver } from '../../../../src/llm/drivers/huggingface';
import { llama2Driver } from '../../../../src/llm/drivers/llama2';
import { mistralDriver } from '../../../../src/llm/drivers/mistral';

describe('driver registry', () => {
  it('serves llama2, mistral and huggingface with every text route type', () => {
    for (const [provider, driver] of [['llama2', llama2Driver], ['mistral', mistralDriver], ['huggingface', huggingfaceDriver]] as const) {
      assert.equal(getDriver(provider), driver);
      assert.equal(driver.provider, provider);
      assert.deepEqual([...driver.routeTypes].sort(), ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings']);
    }
  });
});

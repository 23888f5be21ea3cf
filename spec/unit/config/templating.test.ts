import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LlmError } from '../../../src/llm/errors';
import { resolveModelTemplates, templateSourcesNeeded, type TemplateSources } from '../../../src/llm/config/templating';
import type { ModelConfig } from '../../../src/llm/types';

const NO_SOURCES: TemplateSources = { headers: {} };

/** Asserts fn throws a 400 LlmError whose message contains every fragment. */
function assertBadRequest(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof LlmError, `expected LlmError, got ${String(err)}`);
    assert.equal(err.status, 400);
    for (const fragment of fragments) assert.ok(err.message.includes(fragment), `"${err.message}" lacks "${fragment}"`);
    return true;
  });
}

describe('resolveModelTemplates', () => {
  it('fills $(headers.NAME) case-insensitively, first value of a repeated header', () => {
    // The sdk-azure-deployment example: deployment id built from the x-model-name header.
    const model: ModelConfig = {
      provider: 'azure',
      name: '$(headers.x-model-name)',
      options: { azure_instance: 'llm-deployment-v1', azure_deployment_id: 'west-europe-$(headers.X-Model-Name)' },
    };
    const resolved = resolveModelTemplates(model, { headers: { 'X-MODEL-NAME': ['gpt-4o', 'gpt-4'] } });
    assert.deepEqual(resolved, {
      provider: 'azure',
      name: 'gpt-4o',
      options: { azure_instance: 'llm-deployment-v1', azure_deployment_id: 'west-europe-gpt-4o' },
    });
  });

  it('fills $(uri_captures.NAME)', () => {
    // The sdk-dynamic-model-selection example: `~/(?<model>[^#?/]+)/chat/completions$`.
    const model: ModelConfig = { provider: 'openai', name: '$(uri_captures.model)' };
    assert.deepEqual(resolveModelTemplates(model, { headers: {}, uriCaptures: { model: 'gpt-4' } }), {
      provider: 'openai',
      name: 'gpt-4',
    });
  });

  it('fills $(query_params.NAME), first value of a repeated parameter', () => {
    const model: ModelConfig = { provider: 'anthropic', name: 'claude-$(query_params.size)', options: { anthropic_version: '2023-06-01' } };
    const resolved = resolveModelTemplates(model, { headers: {}, query: { size: ['haiku', 'opus'] } });
    assert.equal(resolved.name, 'claude-haiku');
    assert.equal(resolved.options?.anthropic_version, '2023-06-01');
  });

  it('fills several placeholders of one string, from different sources', () => {
    const model: ModelConfig = {
      provider: 'llama2',
      options: { llama2_format: 'ollama', upstream_url: 'http://$(headers.x-host):11434/$(uri_captures.op)?v=$(query_params.v)' },
    };
    const resolved = resolveModelTemplates(model, { headers: { 'x-host': 'gpu-1' }, uriCaptures: { op: 'api/chat' }, query: { v: '2' } });
    assert.equal(resolved.options?.upstream_url, 'http://gpu-1:11434/api/chat?v=2');
  });

  it('fills strings in nested option records (gemini, bedrock) and leaves other values alone', () => {
    const model: ModelConfig = {
      provider: 'gemini',
      name: 'gemini-1.5-flash',
      options: {
        max_tokens: 256,
        temperature: 0.5,
        gemini: { api_endpoint: '$(headers.x-region)-aiplatform.googleapis.com', project_id: 'p-$(query_params.project)', location_id: '$(headers.x-region)' },
        bedrock: { aws_region: '$(headers.x-aws-region)', embeddings_normalize: true },
        huggingface: { use_cache: false },
      },
    };
    const resolved = resolveModelTemplates(model, {
      headers: { 'x-region': 'us-central1', 'x-aws-region': 'eu-west-1' },
      query: { project: '42' },
    });
    assert.deepEqual(resolved.options, {
      max_tokens: 256,
      temperature: 0.5,
      gemini: { api_endpoint: 'us-central1-aiplatform.googleapis.com', project_id: 'p-42', location_id: 'us-central1' },
      bedrock: { aws_region: 'eu-west-1', embeddings_normalize: true },
      huggingface: { use_cache: false },
    });
  });

  it('never templates model.provider and does not touch its input', () => {
    const model = { provider: 'openai', name: '$(headers.m)', options: { gemini: { project_id: '$(headers.p)' } } } as ModelConfig;
    const before = structuredClone(model);
    const resolved = resolveModelTemplates(model, { headers: { m: 'gpt-4o', p: 'proj' } });
    assert.deepEqual(model, before);
    assert.equal(resolved.provider, 'openai');
    assert.equal(resolved.options?.gemini?.project_id, 'proj');
  });

  it('returns a model without placeholders unchanged (identity)', () => {
    const model: ModelConfig = { provider: 'openai', name: 'gpt-4', options: { max_tokens: 512, upstream_url: 'https://api.example.com/v1/chat' } };
    assert.equal(resolveModelTemplates(model, NO_SOURCES), model);
    const bare: ModelConfig = { provider: 'openai' };
    assert.equal(resolveModelTemplates(bare, NO_SOURCES), bare);
  });

  it('does not substitute again inside a substituted value', () => {
    const model: ModelConfig = { provider: 'openai', name: '$(headers.m)' };
    assert.equal(resolveModelTemplates(model, { headers: { m: '$(headers.n)' } }).name, '$(headers.n)');
  });

  it('answers 400 naming the placeholder and field when a header is missing', () => {
    const model: ModelConfig = { provider: 'azure', options: { azure_deployment_id: 'west-$(headers.x-model-name)' } };
    assertBadRequest(
      () => resolveModelTemplates(model, { headers: { 'x-other': 'v' } }),
      'headers key x-model-name was not provided',
      '$(headers.x-model-name)',
      'model.options.azure_deployment_id',
    );
  });

  it('answers 400 when a uri capture or query parameter is missing, or sources were not read', () => {
    const byCapture: ModelConfig = { provider: 'openai', name: '$(uri_captures.model)' };
    assertBadRequest(() => resolveModelTemplates(byCapture, { headers: {}, uriCaptures: { other: 'x' } }), '$(uri_captures.model)', 'model.name');
    assertBadRequest(() => resolveModelTemplates(byCapture, NO_SOURCES), 'uri_captures key model was not provided');
    const byQuery: ModelConfig = { provider: 'openai', options: { gemini: { project_id: '$(query_params.p)' } } };
    assertBadRequest(() => resolveModelTemplates(byQuery, { headers: {}, query: {} }), '$(query_params.p)', 'model.options.gemini.project_id');
  });

  it('treats an empty value or a flag query argument as missing (never sends an empty string)', () => {
    assertBadRequest(() => resolveModelTemplates({ provider: 'openai', name: '$(headers.m)' }, { headers: { m: '' } }), '$(headers.m)');
    assertBadRequest(() => resolveModelTemplates({ provider: 'openai', name: '$(query_params.m)' }, { headers: {}, query: { m: true } }), '$(query_params.m)');
    assertBadRequest(() => resolveModelTemplates({ provider: 'openai', name: '$(query_params.m)' }, { headers: {}, query: { m: [''] } }), '$(query_params.m)');
  });

  it('answers 400 on an unknown source or an expression without a key', () => {
    assertBadRequest(() => resolveModelTemplates({ provider: 'openai', name: '$(cookies.session)' }, NO_SOURCES), "source 'cookies' is not supported");
    assertBadRequest(() => resolveModelTemplates({ provider: 'openai', name: 'm-$(headers)' }, NO_SOURCES), 'cannot parse expression $(headers)', 'model.name');
  });
});

describe('templateSourcesNeeded', () => {
  it('reports no extra sources for plain or header-only templates', () => {
    assert.deepEqual(templateSourcesNeeded({ provider: 'openai', name: 'gpt-4' }), { uriCaptures: false, query: false });
    assert.deepEqual(templateSourcesNeeded({ provider: 'openai', name: '$(headers.m)' }), { uriCaptures: false, query: false });
  });

  it('finds uri captures in the name and query parameters deep in the options', () => {
    assert.deepEqual(templateSourcesNeeded({ provider: 'openai', name: '$(uri_captures.model)' }), { uriCaptures: true, query: false });
    assert.deepEqual(
      templateSourcesNeeded({ provider: 'bedrock', options: { bedrock: { aws_region: '$(query_params.region)' } } }),
      { uriCaptures: false, query: true },
    );
    assert.deepEqual(
      templateSourcesNeeded({ provider: 'azure', name: '$(query_params.m)', options: { azure_deployment_id: '$(uri_captures.d)' } }),
      { uriCaptures: true, query: true },
    );
  });
});

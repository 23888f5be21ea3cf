/**
 * Every cross-field rule of the schema (`allOf`, Kong's entity_checks) accepts a config that keeps
 * it and rejects one that breaks it, reporting the rule's field and message.
 * @see https://github.com/Kong/kong/blob/master/kong/llm/schemas/init.lua (entity_checks)
 * @see https://github.com/Kong/kong/blob/master/kong/plugins/ai-proxy/schema.lua (entity_checks)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { validateConfig } from '../../../src/llm/config/validate';
import { CONFIG_SCHEMA, SCHEMA_ANNOTATIONS } from '../../../src/llm/config/schema';
import { formatIssues, toIssues } from '../../../src/llm/config/issues';

type Config = Record<string, unknown>;

const chat = (model: Config, extra: Config = {}): Config => ({ route_type: 'llm/v1/chat', model, ...extra });
const AZURE_OPTIONS = { azure_instance: 'my-instance', azure_deployment_id: 'gpt-4o-prod', azure_api_version: '2024-10-21' };

interface RuleCase {
  /** The rule's report: `config.<x-error.path>: <x-error.message>`. */
  error: string;
  accepts: Config;
  rejects: Config;
}

const RULE_CASES: RuleCase[] = [
  {
    error: 'config.model.options.azure_instance: required when model.provider is azure',
    accepts: chat({ provider: 'azure', name: 'gpt-4o', options: AZURE_OPTIONS }),
    rejects: chat({ provider: 'azure', name: 'gpt-4o', options: { ...AZURE_OPTIONS, azure_instance: undefined } }),
  },
  {
    error: 'config.model.options.azure_deployment_id: required when model.provider is azure',
    accepts: chat({ provider: 'azure', options: { azure_instance: 'i', azure_deployment_id: 'd' } }),
    rejects: chat({ provider: 'azure', options: { azure_instance: 'i' } }),
  },
  {
    error: 'config.model.options.anthropic_version: required when model.provider is anthropic',
    accepts: chat({ provider: 'anthropic', name: 'claude-3-5-sonnet', options: { anthropic_version: '2023-06-01' } }),
    rejects: chat({ provider: 'anthropic', name: 'claude-3-5-sonnet' }),
  },
  {
    error: 'config.model.options.llama2_format: required when model.provider is llama2',
    accepts: chat({ provider: 'llama2', options: { llama2_format: 'ollama', upstream_url: 'http://ollama.local:11434/api/chat' } }),
    rejects: chat({ provider: 'llama2', options: { upstream_url: 'http://ollama.local:11434/api/chat' } }),
  },
  {
    error: 'config.model.options.upstream_url: required when model.provider is llama2',
    accepts: chat({ provider: 'llama2', options: { llama2_format: 'raw', upstream_url: 'http://llama.local/generate' } }),
    rejects: chat({ provider: 'llama2', options: { llama2_format: 'raw' } }),
  },
  {
    error: 'config.model.options.mistral_format: required when model.provider is mistral',
    accepts: chat({ provider: 'mistral', name: 'mistral-tiny', options: { mistral_format: 'openai' } }),
    rejects: chat({ provider: 'mistral', name: 'mistral-tiny' }),
  },
  {
    error: 'config.auth.allow_override: must be false when model.provider is bedrock or gemini',
    accepts: chat({ provider: 'bedrock', name: 'meta.llama3' }, { auth: { allow_override: false } }),
    rejects: chat({ provider: 'bedrock', name: 'meta.llama3' }, { auth: { allow_override: true } }),
  },
  {
    error: 'config.auth.allow_override: must be false when model.provider is bedrock or gemini',
    accepts: chat({ provider: 'openai' }, { auth: { header_name: 'Authorization', header_value: 'Bearer k', allow_override: true } }),
    rejects: chat({ provider: 'gemini', name: 'gemini-1.5-flash' }, { auth: { allow_override: true } }),
  },
  {
    error: 'config.auth.header_name: required when auth.header_value is set',
    accepts: chat({ provider: 'openai' }, { auth: { header_name: 'Authorization', header_value: 'Bearer k' } }),
    rejects: chat({ provider: 'openai' }, { auth: { header_value: 'Bearer k' } }),
  },
  {
    error: 'config.auth.header_value: required when auth.header_name is set',
    accepts: chat({ provider: 'openai' }, { auth: { header_name: 'api-key', header_value: '{vault://env/OPENAI_KEY}' } }),
    rejects: chat({ provider: 'openai' }, { auth: { header_name: 'api-key' } }),
  },
  {
    error: 'config.auth.param_name: required when auth.param_value or auth.param_location is set',
    accepts: chat({ provider: 'gemini' }, { auth: { param_name: 'key', param_value: 'k', param_location: 'query' } }),
    rejects: chat({ provider: 'gemini' }, { auth: { param_value: 'k', param_location: 'query' } }),
  },
  {
    error: 'config.auth.param_value: required when auth.param_name or auth.param_location is set',
    accepts: chat({ provider: 'openai' }, { auth: { param_name: 'key', param_value: 'k', param_location: 'body' } }),
    rejects: chat({ provider: 'openai' }, { auth: { param_name: 'key', param_location: 'body' } }),
  },
  {
    error: 'config.auth.param_location: required when auth.param_name or auth.param_value is set',
    accepts: chat({ provider: 'openai' }, { auth: { param_name: 'key', param_value: 'k', param_location: 'query' } }),
    rejects: chat({ provider: 'openai' }, { auth: { param_name: 'key', param_value: 'k' } }),
  },
  {
    error: 'config.model.options.gemini.api_endpoint: required when model.options.gemini.project_id or model.options.gemini.location_id is set',
    accepts: chat({ provider: 'gemini', options: { gemini: { api_endpoint: 'us-central1-aiplatform.googleapis.com', project_id: 'p', location_id: 'us-central1' } } }),
    rejects: chat({ provider: 'gemini', options: { gemini: { project_id: 'p', location_id: 'us-central1' } } }),
  },
  {
    error: 'config.model.options.gemini.project_id: required when model.options.gemini.api_endpoint or model.options.gemini.location_id is set',
    accepts: chat({ provider: 'gemini', options: { gemini: { endpoint_id: '1234' } } }),
    rejects: chat({ provider: 'gemini', options: { gemini: { api_endpoint: 'aiplatform.googleapis.com', location_id: 'us-central1' } } }),
  },
  {
    error: 'config.model.options.gemini.location_id: required when model.options.gemini.api_endpoint or model.options.gemini.project_id is set',
    accepts: chat({ provider: 'gemini', options: { gemini: {} } }),
    rejects: chat({ provider: 'gemini', options: { gemini: { api_endpoint: 'aiplatform.googleapis.com', project_id: 'p' } } }),
  },
  {
    error: 'config.logging.log_statistics: anthropic does not support statistics when route_type is llm/v1/completions',
    accepts: { route_type: 'llm/v1/chat', model: { provider: 'anthropic', options: { anthropic_version: '2023-06-01' } }, logging: { log_statistics: true, log_payloads: false } },
    rejects: { route_type: 'llm/v1/completions', model: { provider: 'anthropic', options: { anthropic_version: '2023-06-01' } }, logging: { log_statistics: true, log_payloads: false } },
  },
  ...(['bedrock', 'gemini', 'cohere', 'huggingface'] as const).flatMap((format): RuleCase[] => [
    {
      error: `config.route_type: must be llm/v1/chat when llm_format is ${format}`,
      accepts: chat({ provider: format }, { llm_format: format }),
      rejects: { route_type: 'llm/v1/embeddings', llm_format: format, model: { provider: format } },
    },
    {
      error: `config.model.provider: must be ${format} when llm_format is ${format}`,
      accepts: chat({ provider: format }, { llm_format: format }),
      rejects: chat({ provider: 'openai' }, { llm_format: format }),
    },
  ]),
];

/** The config's issues as `path: message` lines ([] when valid). */
function issuesOf(config: Config): string[] {
  const result = validateConfig(config);
  return result.ok ? [] : formatIssues(result.errors).split('\n');
}

describe('cross-field rules', () => {
  for (const rule of RULE_CASES) {
    it(`accepts and rejects: ${rule.error}`, () => {
      assert.deepEqual(issuesOf(rule.accepts), [], 'the accepting config must be valid');
      assert.deepEqual(issuesOf(rule.rejects), [rule.error]);
    });
  }

  it('azure_api_version: required for azure; its default fills it, so only an undefaulted config breaks it', () => {
    // The rule holds even when a config is judged without defaults (Kong's check does not rely on them).
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addVocabulary([...SCHEMA_ANNOTATIONS]);
    ajv.addFormat('kong-url', /./);
    const validate = ajv.compile(CONFIG_SCHEMA);
    const config = chat({ provider: 'azure', options: { azure_instance: 'i', azure_deployment_id: 'd' } }, { logging: { log_statistics: false, log_payloads: false } });
    assert.equal(validate(config), false);
    assert.deepEqual(toIssues(validate.errors ?? [], CONFIG_SCHEMA), [
      { path: 'config.model.options.azure_api_version', message: 'required when model.provider is azure' },
    ]);
    assert.deepEqual(issuesOf(config), []);
    const filled = validateConfig(config);
    assert.ok(filled.ok);
    assert.equal(filled.config.model.options?.azure_api_version, '2023-05-15');
  });

  it('every rule of the schema is exercised by a rejecting case', () => {
    const tested = new Set(RULE_CASES.map((c) => c.error));
    tested.add('config.model.options.azure_api_version: required when model.provider is azure');
    const declared = CONFIG_SCHEMA.allOf.map((r) => `config.${r['x-error'].path}: ${r['x-error'].message}`);
    assert.deepEqual([...new Set(declared)].filter((d) => !tested.has(d)), []);
  });

  it('reports every broken rule and field error of one config, fields first', () => {
    const config = chat({ provider: 'azure', options: { temperature: 9 } }, { auth: { header_value: 'Bearer k', allow_override: 'yes' } });
    assert.deepEqual(issuesOf(config), [
      'config.auth.allow_override: expected a boolean',
      'config.model.options.temperature: value should be between 0 and 5',
      'config.model.options.azure_instance: required when model.provider is azure',
      'config.model.options.azure_deployment_id: required when model.provider is azure',
      'config.auth.header_name: required when auth.header_value is set',
    ]);
  });
});

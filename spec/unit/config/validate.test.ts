/** validateConfig / parseConfig: Kong's defaults filled, wrong types, enums and ranges named by field. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig, validateConfig } from '../../../src/llm/config/validate';

type Config = Record<string, unknown>;

const MINIMAL = { route_type: 'llm/v1/chat', model: { provider: 'openai' } };

/** MINIMAL with `patch` applied at a dotted path (`model.options.top_k`). */
function withValue(dotted: string, value: unknown, base: Config = MINIMAL): Config {
  const config = structuredClone(base);
  const segments = dotted.split('.');
  let node = config;
  for (const segment of segments.slice(0, -1)) {
    node[segment] ??= {};
    node = node[segment] as Config;
  }
  node[segments[segments.length - 1]!] = value;
  return config;
}

function issuesOf(config: unknown): string[] {
  const result = validateConfig(config);
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('validateConfig: defaults', () => {
  it("fills Kong's defaults into a minimal config", () => {
    const result = validateConfig(MINIMAL);
    assert.ok(result.ok);
    assert.deepEqual(result.config, {
      route_type: 'llm/v1/chat',
      model: { provider: 'openai', options: { azure_api_version: '2023-05-15' } },
      auth: { azure_use_managed_identity: false, gcp_use_service_account: false, allow_override: false },
      logging: { log_statistics: false, log_payloads: false },
      response_streaming: 'allow',
      max_request_body_size: 8192,
      model_name_header: true,
      llm_format: 'openai',
      genai_category: 'text/generation',
    });
  });

  it('fills defaults of nested option records that are present', () => {
    const result = validateConfig(withValue('model.options', { cohere: {}, bedrock: { aws_region: 'us-east-1' } }));
    assert.ok(result.ok);
    assert.deepEqual(result.config.model.options?.cohere, { embedding_input_type: 'classification' });
    assert.deepEqual(result.config.model.options?.bedrock, { aws_region: 'us-east-1', embeddings_normalize: false });
  });

  it('keeps given values over defaults, treats null as unset, and leaves the input untouched', () => {
    const input = { ...MINIMAL, response_streaming: 'deny', max_request_body_size: null, logging: { log_statistics: true } };
    const before = structuredClone(input);
    const result = validateConfig(input);
    assert.ok(result.ok);
    assert.equal(result.config.response_streaming, 'deny');
    assert.equal(result.config.max_request_body_size, 8192);
    assert.deepEqual(result.config.logging, { log_statistics: true, log_payloads: false });
    assert.deepEqual(input, before);
  });

  it("keeps Kong's __plugin_id and ignores its other __ bookkeeping keys", () => {
    const result = validateConfig({ ...MINIMAL, __plugin_id: 'abc', __key__: 'plugins:ai-proxy-js:x', __seq__: 3 });
    assert.ok(result.ok);
    assert.equal(result.config.__plugin_id, 'abc');
    assert.equal('__key__' in result.config, false);
  });
});

describe('validateConfig: field errors name the field', () => {
  const cases: [string, unknown, string][] = [
    ['route_type', 'llm/v2/chat', 'config.route_type: expected one of: llm/v1/chat, llm/v1/completions'],
    ['model.provider', 'openia', 'config.model.provider: expected one of: openai, azure, anthropic'],
    ['model.name', '', 'config.model.name: length must be at least 1'],
    ['model.name', 4, 'config.model.name: expected a string'],
    ['model.options.max_tokens', '512', 'config.model.options.max_tokens: expected an integer'],
    ['model.options.top_k', 2.5, 'config.model.options.top_k: expected an integer'],
    ['model.options.top_k', 501, 'config.model.options.top_k: value should be between 0 and 500'],
    ['model.options.temperature', -0.1, 'config.model.options.temperature: value should be between 0 and 5'],
    ['model.options.top_p', 1.5, 'config.model.options.top_p: value should be between 0 and 1'],
    ['model.options.input_cost', 0, 'config.model.options.input_cost: value must be greater than 0'],
    ['model.options.output_cost', -2, 'config.model.options.output_cost: value must be greater than 0'],
    ['max_request_body_size', -1, 'config.max_request_body_size: value must be at least 0'],
    ['model.options.llama2_format', 'gguf', 'config.model.options.llama2_format: expected one of: raw, openai, ollama'],
    ['model.options.upstream_url', 'llama.local/api', 'config.model.options.upstream_url: expected a URL with a scheme and a host'],
    ['model.options.cohere.embedding_input_type', 'query', 'config.model.options.cohere.embedding_input_type: expected one of:'],
    ['model.options.gemini.region', 'x', 'config.model.options.gemini.region: unknown field'],
    ['model.options', 'fast', 'config.model.options: expected a record'],
    ['logging.log_payloads', 'yes', 'config.logging.log_payloads: expected a boolean'],
    ['auth', { header_name: '', header_value: 'k' }, 'config.auth.header_name: length must be at least 1'],
    ['auth', { param_name: 'key', param_value: 'k', param_location: 'header' }, 'config.auth.param_location: expected one of: query, body'],
    ['response_streaming', 'sometimes', 'config.response_streaming: expected one of: allow, deny, always'],
    ['genai_category', 'text', 'config.genai_category: expected one of:'],
    ['stream', true, 'config.stream: unknown field'],
  ];
  for (const [field, value, expected] of cases) {
    it(`${field} = ${JSON.stringify(value)}`, () => {
      const issues = issuesOf(withValue(field, value));
      assert.equal(issues.length, 1, issues.join('\n'));
      assert.ok(issues[0]!.startsWith(expected), `${issues[0]} does not start with ${expected}`);
    });
  }

  it('names missing required fields', () => {
    assert.deepEqual(issuesOf({ model: {} }), ['config.route_type: required field missing', 'config.model.provider: required field missing']);
    assert.deepEqual(issuesOf({ route_type: 'preserve' }), ['config.model: required field missing']);
    assert.deepEqual(issuesOf('route_type: llm/v1/chat'), ['config: expected a record']);
  });

  it('accepts a vault reference as a credential value', () => {
    assert.deepEqual(issuesOf(withValue('auth', { header_name: 'Authorization', header_value: '{vault://env/OPENAI_KEY}' })), []);
  });

  it('never repeats a credential value in its messages', () => {
    const secret = 'sk-live-1234567890';
    const issues = issuesOf(withValue('auth', { header_value: secret, param_value: secret, param_location: secret }));
    assert.ok(issues.length >= 3);
    for (const issue of issues) assert.ok(!issue.includes(secret), issue);
  });
});

describe('parseConfig', () => {
  it('returns the defaulted config or throws ConfigError listing every issue', () => {
    assert.equal(parseConfig(MINIMAL).llm_format, 'openai');
    assert.throws(
      () => parseConfig({ route_type: 'llm/v1/chat', model: { provider: 'anthropic', options: { top_p: 3 } } }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.issues.map((i) => i.path), ['config.model.options.top_p', 'config.model.options.anthropic_version']);
        assert.match(err.message, /^invalid ai-proxy-js config:\nconfig\.model\.options\.top_p: value should be between 0 and 1\n/);
        return true;
      },
    );
  });
});

/** validateDocument: declarative files (plugin entries anywhere) and plugin config files. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { readFixture } from '../../helpers/paths';
import { findAiProxyPlugins, validateDocument } from '../../../src/llm/config/document';

const SECRET = 'sk-fixture-secret-do-not-print';

function issueLines(doc: unknown): string[] {
  return validateDocument(doc).configs.flatMap((c) => c.issues.map((i) => `${i.path}: ${i.message}`));
}

describe('findAiProxyPlugins', () => {
  it('finds ai-proxy-js and ai-proxy entries at the top level and nested under services and routes', () => {
    const found = findAiProxyPlugins(parse(readFixture('config', 'kong-valid.yml')));
    assert.deepEqual(
      found.map((f) => [f.location, f.name]),
      [
        ['services[0].plugins[0]', 'ai-proxy-js'],
        ['services[0].routes[1].plugins[1]', 'ai-proxy'],
        ['routes[0].plugins[0]', 'ai-proxy-js'],
        ['plugins[0]', 'ai-proxy-js'],
      ],
    );
  });

  it('finds entries under consumers too, and ignores other plugins', () => {
    const doc = {
      _format_version: '3.0',
      consumers: [{ username: 'u', plugins: [{ name: 'ai-proxy-advanced' }, { name: 'ai-proxy-js', config: {} }] }],
    };
    assert.deepEqual(findAiProxyPlugins(doc).map((f) => f.location), ['consumers[0].plugins[1]']);
  });
});

describe('validateDocument', () => {
  it('accepts a valid declarative file, keeping each config with its defaults', () => {
    const report = validateDocument(parse(readFixture('config', 'kong-valid.yml')));
    assert.equal(report.kind, 'declarative');
    assert.deepEqual(report.configs.map((c) => c.issues), [[], [], [], []]);
    assert.equal(report.configs[1]?.config?.model.options?.anthropic_version, '2023-06-01');
    assert.equal(report.configs[3]?.config?.model.options?.azure_api_version, '2023-05-15');
  });

  it('names every problem of a declarative file by its full path', () => {
    assert.deepEqual(issueLines(parse(readFixture('config', 'kong-invalid.yml'))), [
      'services[0].routes[1].plugins[1].config.model.options.temperature: value should be between 0 and 5',
      'services[0].routes[1].plugins[1].config.model.options.mistral_format: required when model.provider is mistral',
      'services[0].routes[1].plugins[1].config.auth.header_name: required when auth.header_value is set',
      'plugins[0].config.model.provider: expected one of: openai, azure, anthropic, cohere, mistral, llama2, gemini, bedrock, huggingface',
      'plugins[1].config.route_type: required field missing',
      'plugins[1].config.model: required field missing',
    ]);
  });

  it('reports a declarative file without ai-proxy entries as valid with nothing validated', () => {
    const report = validateDocument({ _format_version: '3.0', services: [{ name: 's', url: 'http://x' }] });
    assert.deepEqual(report, { kind: 'declarative', configs: [] });
  });

  it('validates a bare plugin config and a { config } wrapper alike', () => {
    const wrapped = JSON.parse(readFixture('config', 'plugin-config-wrapped.json')) as { config: unknown };
    for (const doc of [wrapped, wrapped.config]) {
      const report = validateDocument(doc);
      assert.equal(report.kind, 'plugin-config');
      assert.deepEqual(report.configs[0].issues, []);
      assert.equal(report.configs[0].config?.model.name, 'gpt-4o');
    }
  });

  it('names the fields of an invalid plugin config and never its credential values', () => {
    const lines = issueLines(parse(readFixture('config', 'plugin-config-invalid.yaml')));
    assert.deepEqual(lines, [
      'config.auth.param_location: expected one of: query, body',
      'config.model.options.top_k: value should be between 0 and 500',
      'config.model.options.azure_deployment_id: required when model.provider is azure',
    ]);
    for (const line of lines) assert.ok(!line.includes(SECRET));
  });

  it('reports a document that is no record', () => {
    assert.deepEqual(issueLines(['route_type: llm/v1/chat']), ['config: expected a record']);
  });
});

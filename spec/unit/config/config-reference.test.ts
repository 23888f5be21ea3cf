/** The configuration reference generated from the schema, and README.md's copy of it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../helpers/paths';
import { configFields } from '../../../src/llm/config/schema';
import {
  REFERENCE_COMMAND,
  REFERENCE_END,
  REFERENCE_START,
  renderConfigReference,
  replaceReferenceRegion,
} from '../../../src/llm/config/reference';

const reference = renderConfigReference();

/** The table row of a field, split into its cells. */
function rowOf(fieldPath: string): string[] {
  const row = reference.split('\n').find((line) => line.startsWith(`| \`config.${fieldPath}\` |`));
  assert.ok(row, `no row for config.${fieldPath}`);
  return row.slice(2, -2).split(' | ');
}

describe('renderConfigReference', () => {
  it('has one row per config field, in schema order', () => {
    const rows = reference.split('\n').filter((line) => line.startsWith('| `config.'));
    assert.deepEqual(
      rows.map((r) => /^\| `config\.([^`]+)`/.exec(r)?.[1]),
      configFields().map((f) => f.path),
    );
  });

  it('gives type, default, allowed values and description', () => {
    assert.deepEqual(rowOf('response_streaming').slice(0, 4), ['`config.response_streaming`', 'string', '`allow`', '`allow`, `deny`, `always`']);
    assert.deepEqual(rowOf('model.options.temperature').slice(1, 4), ['number', '', '0 to 5']);
    assert.deepEqual(rowOf('model.options.input_cost').slice(1, 4), ['number', '', '> 0']);
    assert.deepEqual(rowOf('max_request_body_size').slice(1, 4), ['integer', '`8192`', '≥ 0']);
    assert.deepEqual(rowOf('model.options.upstream_url').slice(3, 4), ['URL with scheme and host']);
    assert.equal(rowOf('model.options.azure_api_version')[2], '`2023-05-15`');
    assert.equal(rowOf('model').at(-1), 'The provider and model to call.');
  });

  it('lists required fields, the cross-field rules, referenceable/encrypted and deprecations', () => {
    assert.equal(rowOf('route_type')[4]?.startsWith('**required**; must be llm/v1/chat when llm_format is bedrock'), true);
    assert.equal(rowOf('model.options.azure_instance')[4], 'required when model.provider is azure');
    assert.equal(rowOf('model.options.upstream_url')[4], 'required when model.provider is llama2');
    assert.equal(rowOf('auth.allow_override')[4], 'must be false when model.provider is bedrock or gemini');
    assert.equal(rowOf('auth.header_value')[4], 'required when auth.header_name is set; referenceable (`{vault://...}`); encrypted');
    assert.equal(rowOf('auth.azure_tenant_id')[4], 'referenceable (`{vault://...}`)');
    assert.match(rowOf('model.options.upstream_path')[4] ?? '', /^deprecated: .*use config\.model\.options\.upstream_url/);
    // logging.* are required with a default: always filled, so not marked required.
    assert.equal(rowOf('logging.log_statistics')[4], 'anthropic does not support statistics when route_type is llm/v1/completions');
  });
});

describe('replaceReferenceRegion', () => {
  it('rewrites only the region between the markers', () => {
    const readme = `# Title\n\nintro\n${REFERENCE_START}\nold table\n${REFERENCE_END}\n\n## Next\ntext | with pipe\n`;
    const updated = replaceReferenceRegion(readme, 'NEW');
    assert.equal(updated, `# Title\n\nintro\n${REFERENCE_START}\nNEW\n${REFERENCE_END}\n\n## Next\ntext | with pipe\n`);
    assert.equal(replaceReferenceRegion(updated, 'NEW'), updated);
  });

  it('refuses a README without the markers', () => {
    assert.throws(() => replaceReferenceRegion('# Title\n', 'NEW'), /needs the markers/);
    assert.throws(() => replaceReferenceRegion(`${REFERENCE_END}\n${REFERENCE_START}`, 'NEW'), /in that order/);
  });
});

describe('README.md configuration reference', () => {
  it('is up to date with schema/ai-proxy-js.schema.json', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const expected = replaceReferenceRegion(readme, reference);
    assert.ok(expected === readme, `README.md's configuration reference is stale: run \`${REFERENCE_COMMAND}\``);
  });
});

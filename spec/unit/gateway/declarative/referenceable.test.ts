import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadDeclarativeConfig } from '../../../../src/gateway/declarative/load';
import { referenceablePlaces, type KongPluginSchema } from '../../../../src/gateway/declarative/referenceable';

/** A plugin schema in the shape plugin servers report. */
const SCHEMA: KongPluginSchema = {
  name: 'keyed',
  fields: [
    { protocols: { type: 'set', elements: { type: 'string' } } },
    {
      config: {
        type: 'record',
        fields: [
          { token: { type: 'string', referenceable: true } },
          { label: { type: 'string' } },
          { nested: { type: 'record', fields: [{ secret: { type: 'string', referenceable: true } }] } },
          { keys: { type: 'array', elements: { type: 'string', referenceable: true } } },
          { names: { type: 'array', elements: { type: 'string' } } },
          { headers: { type: 'map', keys: { type: 'string' }, values: { type: 'string', referenceable: true } } },
        ],
      },
    },
  ],
};

describe('referenceablePlaces', () => {
  const places = referenceablePlaces(SCHEMA);

  it('finds referenceable strings, nested or as array elements and map values', () => {
    assert.equal(places(['token']), true);
    assert.equal(places(['nested', 'secret']), true);
    assert.equal(places(['keys', 2]), true);
    assert.equal(places(['headers', 'x-api-key']), true);
  });

  it('refuses every other place', () => {
    assert.equal(places(['label']), false);
    assert.equal(places(['names', 0]), false);
    assert.equal(places(['nested']), false);
    assert.equal(places(['unknown']), false);
  });

  it('has no place for a schema without a config record', () => {
    assert.equal(referenceablePlaces({ fields: [] })(['token']), false);
  });
});

describe('the loader resolves references only where the schema allows, as Kong', () => {
  const env = { TOKEN: 't-1', LABEL: 'l-1', KEY: 'k-1' };
  const doc = {
    _format_version: '3.0',
    plugins: [{ name: 'keyed', config: { token: '{vault://env/token}', label: '{vault://env/label}', keys: ['{vault://env/key}'] } }],
  };

  it('with a schema given for the plugin', () => {
    const config = loadDeclarativeConfig(doc, '<t>', { env, pluginSchemas: { keyed: SCHEMA } });
    const plugin = config.plugins[0]!;
    assert.deepEqual([plugin.config.token, plugin.config.label, plugin.config.keys], ['t-1', '{vault://env/label}', ['k-1']]);
    assert.deepEqual(plugin.vaultReferences, { 'config.token': '{vault://env/token}', 'config.keys[0]': '{vault://env/key}' });
    assert.deepEqual(config.warnings, [
      { path: 'plugins[0].config.label', message: 'not a referenceable field: {vault://env/label} is used as written, as Kong does' },
    ]);
  });

  it('anywhere for a plugin without a schema', () => {
    const plugin = loadDeclarativeConfig(doc, '<t>', { env }).plugins[0]!;
    assert.deepEqual([plugin.config.token, plugin.config.label, plugin.config.keys], ['t-1', 'l-1', ['k-1']]);
  });

  it("for ai-proxy-js, from its own schema: auth fields only", () => {
    const config = loadDeclarativeConfig(
      {
        _format_version: '3.0',
        plugins: [
          {
            name: 'ai-proxy-js',
            config: {
              route_type: 'llm/v1/chat',
              auth: { header_name: 'x-api-key', header_value: '{vault://env/token}' },
              model: { provider: 'openai', name: '{vault://env/label}' },
            },
          },
        ],
      },
      '<t>',
      { env },
    );
    const plugin = config.plugins[0]!;
    assert.equal((plugin.config.auth as Record<string, unknown>).header_value, 't-1');
    assert.equal((plugin.config.model as Record<string, unknown>).name, '{vault://env/label}');
    assert.deepEqual(config.warnings?.map((w) => w.path), ['plugins[0].config.model.name']);
  });
});

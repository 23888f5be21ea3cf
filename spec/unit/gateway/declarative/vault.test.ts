import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applySubstitutions,
  envVariableName,
  isVaultReference,
  parseVaultReference,
  resolveVaultReference,
  resolveVaultReferences,
  type VaultDefinition,
} from '../../../../src/gateway/declarative/vault';

describe('vault references', () => {
  it('are whole strings of the form {vault://...}', () => {
    assert.equal(isVaultReference('{vault://env/a}'), true);
    assert.equal(isVaultReference('Bearer {vault://env/a}'), false);
    assert.equal(isVaultReference('{vault://env/a'), false);
    assert.equal(isVaultReference(42), false);
  });

  it('parse into vault, resource, key, config and version', () => {
    assert.deepEqual(parseVaultReference('{vault://env/my-var}'), { ok: true, value: { vault: 'env', resource: 'my-var', config: {} } });
    assert.deepEqual(parseVaultReference('{vault://env/creds/api_key?prefix=LLM_#2}'), {
      ok: true,
      value: { vault: 'env', resource: 'creds', key: 'api_key', config: { prefix: 'LLM_' }, version: 2 },
    });
    assert.deepEqual(parseVaultReference('{vault://env/a/b/}'), { ok: true, value: { vault: 'env', resource: 'a/b', config: {} } });
    assert.deepEqual(parseVaultReference('{vault://env/}'), { ok: false, message: 'reference url has empty path [{vault://env/}]' });
    assert.deepEqual(parseVaultReference('{vault://env/a#x}'), { ok: false, message: 'reference url has invalid version [{vault://env/a#x}]' });
  });

  it("name Kong's env variable: prefix + resource, upper-cased, '-' → '_', version 2 → _PREVIOUS", () => {
    const ref = (s: string) => {
      const parsed = parseVaultReference(s);
      assert.ok(parsed.ok);
      return parsed.value;
    };
    assert.equal(envVariableName(ref('{vault://env/my-var}'), undefined), 'MY_VAR');
    assert.equal(envVariableName(ref('{vault://env/my-var}'), 'team-'), 'TEAM_MY_VAR');
    assert.equal(envVariableName(ref('{vault://env/my-var?prefix=q_}'), 'team-'), 'Q_MY_VAR');
    assert.equal(envVariableName(ref('{vault://env/my-var#2}'), undefined), 'MY_VAR_PREVIOUS');
  });

  it('resolve from the given environment, a JSON field when a key is named', () => {
    const env = { OPENAI_KEY: 'sk-1', CREDS: '{"api_key":"k-2","n":3}', NOT_JSON: 'x' };
    assert.deepEqual(resolveVaultReference('{vault://env/openai-key}', env), { ok: true, value: 'sk-1' });
    assert.deepEqual(resolveVaultReference('{vault://env/creds/api_key}', env), { ok: true, value: 'k-2' });
    assert.deepEqual(resolveVaultReference('{vault://env/creds/missing}', env), {
      ok: false,
      kind: 'unresolved',
      message: 'unable to resolve reference {vault://env/creds/missing} (CREDS: subfield missing not found in JSON secret)',
    });
    assert.deepEqual(resolveVaultReference('{vault://env/creds/n}', env), {
      ok: false,
      kind: 'unresolved',
      message: 'unable to resolve reference {vault://env/creds/n} (CREDS: unexpected number value in JSON secret for subfield n)',
    });
    const notJson = resolveVaultReference('{vault://env/not-json/k}', env);
    assert.equal(notJson.ok, false);
    assert.equal(!notJson.ok && notJson.kind, 'unresolved');
  });

  it('resolve through a vaults entry prefix, and refuse other vaults', () => {
    const vaults = new Map<string, VaultDefinition>([['keys', { name: 'env', prefix: 'keys', config: { prefix: 'LLM_' } }]]);
    assert.deepEqual(resolveVaultReference('{vault://keys/openai}', { LLM_OPENAI: 'v' }, vaults), { ok: true, value: 'v' });
    assert.deepEqual(resolveVaultReference('{vault://hcv/x}', {}, vaults), {
      ok: false,
      kind: 'invalid',
      message: 'vault not found (hcv) [{vault://hcv/x}]: the local gateway resolves the env vault only',
    });
  });

  it('never put a secret in a message', () => {
    const result = resolveVaultReference('{vault://env/creds/k}', { CREDS: 'sk-very-secret' });
    assert.equal(result.ok, false);
    assert.doesNotMatch(JSON.stringify(result), /sk-very-secret/);
  });
});

describe('resolveVaultReferences over a config', () => {
  it('replaces references anywhere in records and arrays, and says where they were', () => {
    const tree = resolveVaultReferences({ a: { b: '{vault://env/one}' }, list: ['x', '{vault://env/two}'], n: 1 }, 'config', { ONE: '1', TWO: '2' });
    assert.deepEqual(tree.value, { a: { b: '1' }, list: ['x', '2'], n: 1 });
    assert.deepEqual(tree.references, { 'config.a.b': '{vault://env/one}', 'config.list[1]': '{vault://env/two}' });
    assert.deepEqual(tree.substitutions, [
      { keys: ['a', 'b'], value: '1' },
      { keys: ['list', 1], value: '2' },
    ]);
    assert.deepEqual([tree.problems, tree.warnings], [[], []]);
  });

  it('leaves the given object untouched', () => {
    const config = { k: '{vault://env/one}' };
    resolveVaultReferences(config, 'config', { ONE: '1' });
    assert.deepEqual(config, { k: '{vault://env/one}' });
  });

  it('puts the secrets into a validated copy, not into the original', () => {
    const validated = { a: { b: '{vault://env/one}', filled: true } };
    const out = applySubstitutions(validated, [{ keys: ['a', 'b'], value: '1' }, { keys: ['gone', 'x'], value: '2' }]);
    assert.deepEqual(out, { a: { b: '1', filled: true } });
    assert.equal(validated.a.b, '{vault://env/one}');
  });
});

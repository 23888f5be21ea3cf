/**
 * One `vaults[]` entry: a named configuration of a vault that references use as their host,
 * e.g. `{ name: env, prefix: my-env, config: { prefix: SSL_ } }` makes `{vault://my-env/cert}` read
 * `SSL_CERT`. Only the `env` vault exists here.
 * @see kong/db/schema/entities/vaults.lua and kong/vaults/env/schema.lua
 */
import { IssueList, at, checkFields, isRecord, optId, optString, optTags, readEntry } from './fields';
import type { VaultDefinition } from './vault';

const FIELDS = new Set(['id', 'prefix', 'name', 'description', 'config', 'tags', 'created_at', 'updated_at']);
const PREFIX = /^[a-z][a-z\d-]*[a-z\d]$/;
const ENV_PREFIX = /^[A-Za-z_-][A-Za-z\d_-]*$/;
/** Vault names that cannot be used as prefixes (Kong's bundled vaults). */
const BUNDLED_VAULTS = ['env'];

function readEnvConfig(value: unknown, path: string, issues: IssueList): VaultDefinition['config'] | undefined {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    issues.add(at(path, 'config'), 'expected a record');
    return undefined;
  }
  const configPath = at(path, 'config');
  checkFields(value, configPath, issues, new Set(['prefix']));
  const prefix = optString(value, 'prefix', configPath, issues);
  if (prefix !== undefined && !ENV_PREFIX.test(prefix)) {
    issues.add(at(configPath, 'prefix'), `invalid value: ${prefix}`);
    return undefined;
  }
  return prefix === undefined ? {} : { prefix };
}

export function readVault(raw: unknown, path: string, issues: IssueList): VaultDefinition | undefined {
  const entry = readEntry(raw, path, issues);
  if (!entry) return undefined;
  const before = issues.items.length;
  checkFields(entry, path, issues, FIELDS);
  optId(entry, path, issues);
  optString(entry, 'description', path, issues);
  optTags(entry, path, issues);

  const prefix = optString(entry, 'prefix', path, issues);
  if (prefix === undefined) issues.add(at(path, 'prefix'), 'required field missing');
  else if (!PREFIX.test(prefix)) issues.add(at(path, 'prefix'), `invalid value: ${prefix}`);
  else if (BUNDLED_VAULTS.includes(prefix)) issues.add(at(path, 'prefix'), `must not be one of: ${BUNDLED_VAULTS.join(', ')}`);

  const name = optString(entry, 'name', path, issues);
  if (name === undefined) issues.add(at(path, 'name'), 'required field missing');
  else if (name !== 'env') issues.add(at(path, 'name'), `vault '${name}' is not installed (the local gateway has the env vault only)`);

  const config = readEnvConfig(entry.config, path, issues);
  if (issues.items.length > before || prefix === undefined || config === undefined) return undefined;
  return { name: 'env', prefix, config };
}

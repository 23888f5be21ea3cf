/**
 * Kong vault references in plugin configs, `{vault://<vault>/<resource>[/<key>][?prefix=P][#version]}`,
 * resolved from the environment the way Kong's `env` vault does: `{vault://env/my-var}` reads
 * `MY_VAR` (upper-cased, `-` → `_`, the vault's `prefix` in front; version 2 adds `_PREVIOUS`).
 * With a key, the variable holds a JSON object and the key picks one of its string fields.
 * Only whole-string values are references, and only in referenceable fields (see referenceable.ts),
 * as in Kong.
 * @see kong/pdk/vault.lua (is_reference, parse_reference, extract_key_from_json_string)
 * @see kong/vaults/env/init.lua (get)
 */
import { isRecord } from './fields';
import type { ReferenceablePlaces } from './referenceable';

export interface VaultReference {
  /** The vault's name or prefix (`env`, or the prefix of a `vaults:` entry). */
  vault: string;
  resource: string;
  key?: string;
  /** From the query string, e.g. `?prefix=SSL_`. */
  config: Record<string, string>;
  version?: number;
}

/** A `vaults:` entry of the declarative file, by the prefix references use. */
export interface VaultDefinition {
  name: 'env';
  prefix: string;
  config: { prefix?: string };
}

export function isVaultReference(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('{vault://') && value.endsWith('}');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseVaultReference(reference: string): Parsed<VaultReference> {
  let url: URL;
  try {
    url = new URL(reference.slice(1, -1));
  } catch {
    return { ok: false, message: `reference is not url [${reference}]` };
  }
  if (!url.host) return { ok: false, message: `reference url is missing host [${reference}]` };
  const path = url.pathname.slice(1);
  if (path === '') return { ok: false, message: `reference url has empty path [${reference}]` };

  let version: number | undefined;
  if (url.hash) {
    version = Number(url.hash.slice(1));
    if (!Number.isInteger(version)) return { ok: false, message: `reference url has invalid version [${reference}]` };
  }
  const isDirectory = path.endsWith('/');
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, message: `reference url has invalid path [${reference}]` };
  const decoded = parts.map((p) => decodeURIComponent(p));
  const hasKey = decoded.length > 1 && !isDirectory;
  const config: Record<string, string> = {};
  for (const [k, v] of url.searchParams) config[k] = v;
  return {
    ok: true,
    value: {
      vault: url.host,
      resource: (hasKey ? decoded.slice(0, -1) : decoded).join('/'),
      ...(hasKey ? { key: decoded[decoded.length - 1]! } : {}),
      config,
      ...(version !== undefined ? { version } : {}),
    },
  };
}

/** The environment variable the env vault reads for a reference. */
export function envVariableName(ref: VaultReference, vaultPrefix: string | undefined): string {
  const prefix = ref.config.prefix ?? vaultPrefix ?? '';
  const name = `${prefix}${ref.resource}`.replace(/-/g, '_').toUpperCase();
  return ref.version === 2 ? `${name}_PREVIOUS` : name;
}

function pickKey(json: string, key: string): Parsed<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // JSON.parse quotes the text it fails on: that text is the secret, so its message stays out.
    return { ok: false, message: 'unable to json decode value: not valid JSON' };
  }
  if (!isRecord(parsed)) return { ok: false, message: 'unable to json decode value: not a JSON object' };
  const value = parsed[key];
  if (value === undefined) return { ok: false, message: `subfield ${key} not found in JSON secret` };
  if (typeof value !== 'string') return { ok: false, message: `unexpected ${typeof value} value in JSON secret for subfield ${key}` };
  return { ok: true, value };
}

/**
 * What resolving gave: the secret; or no value (`unresolved`: Kong then uses "" and warns); or a
 * reference that can never work (`invalid`: malformed, or a vault this gateway does not have).
 */
export type Resolution =
  | { ok: true; value: string }
  | { ok: false; kind: 'unresolved' | 'invalid'; message: string };

/** The secret a reference names. Messages name the reference and the variable, never a value. */
export function resolveVaultReference(
  reference: string,
  env: NodeJS.ProcessEnv,
  vaults: ReadonlyMap<string, VaultDefinition> = new Map(),
): Resolution {
  const parsed = parseVaultReference(reference);
  if (!parsed.ok) return { ok: false, kind: 'invalid', message: parsed.message };
  const ref = parsed.value;
  const definition = vaults.get(ref.vault);
  if (!definition && ref.vault !== 'env') {
    return {
      ok: false,
      kind: 'invalid',
      message: `vault not found (${ref.vault}) [${reference}]: the local gateway resolves the env vault only`,
    };
  }
  const variable = envVariableName(ref, definition?.config.prefix);
  const value = env[variable];
  if (value === undefined) {
    return { ok: false, kind: 'unresolved', message: `unable to resolve reference ${reference} (environment variable ${variable} is not set)` };
  }
  if (ref.key === undefined) return { ok: true, value };
  const picked = pickKey(value, ref.key);
  if (picked.ok) return picked;
  return { ok: false, kind: 'unresolved', message: `unable to resolve reference ${reference} (${variable}: ${picked.message})` };
}

export interface ResolvedTree {
  value: unknown;
  /** Dotted path (from the root given) → the reference that was there. */
  references: Record<string, string>;
  /** References that can never resolve (configuration errors). */
  problems: { path: string; message: string }[];
  /** References without a value: replaced by "" as Kong does (resolve_reference), to be logged. */
  warnings: { path: string; message: string }[];
  /** Where each reference was (keys from the root given) and what replaced it. */
  substitutions: { keys: (string | number)[]; value: string }[];
}

/**
 * A deep copy of `value` with every reference string replaced by its secret ("" when it has none).
 * With `referenceable`, only those places are resolved; a reference elsewhere stays text, as in
 * Kong, with a warning.
 */
export function resolveVaultReferences(
  value: unknown,
  path: string,
  env: NodeJS.ProcessEnv,
  vaults?: ReadonlyMap<string, VaultDefinition>,
  referenceable?: ReferenceablePlaces,
): ResolvedTree {
  const out: ResolvedTree = { value: undefined, references: {}, problems: [], warnings: [], substitutions: [] };
  const walk = (node: unknown, at: string, keys: (string | number)[]): unknown => {
    if (isVaultReference(node)) {
      if (referenceable && !referenceable(keys)) {
        out.warnings.push({ path: at, message: `not a referenceable field: ${node} is used as written, as Kong does` });
        return node;
      }
      out.references[at] = node;
      const resolved = resolveVaultReference(node, env, vaults);
      if (resolved.ok) {
        out.substitutions.push({ keys, value: resolved.value });
        return resolved.value;
      }
      switch (resolved.kind) {
        case 'unresolved':
          out.warnings.push({ path: at, message: resolved.message });
          out.substitutions.push({ keys, value: '' });
          return '';
        case 'invalid':
          out.problems.push({ path: at, message: resolved.message });
          return node;
      }
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}[${i}]`, [...keys, i]));
    if (isRecord(node)) {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) copy[k] = walk(v, `${at}.${k}`, [...keys, k]);
      return copy;
    }
    return node;
  };
  out.value = walk(value, path, []);
  return out;
}

/**
 * Puts resolved secrets into a copy of `target` (a validated config) where the references were;
 * places the validator dropped are left alone.
 */
export function applySubstitutions(target: Record<string, unknown>, substitutions: ResolvedTree['substitutions']): Record<string, unknown> {
  const copy = structuredClone(target);
  for (const { keys, value } of substitutions) {
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) {
      node = isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined;
    }
    const last = keys[keys.length - 1];
    if (last !== undefined && (isRecord(node) || Array.isArray(node))) (node as Record<string | number, unknown>)[last] = value;
  }
  return copy;
}

/**
 * A plugin entry's config, made ready for its instance: vault references resolved, then checked by
 * the plugin's validator (if it has one) with its defaults filled.
 */
import type { PluginConfigValidator } from './load';
import { IssueList, at } from './fields';
import { referenceablePlaces, type KongPluginSchema } from './referenceable';
import { applySubstitutions, resolveVaultReferences, type VaultDefinition } from './vault';

export interface ConfigCheckOptions {
  env: NodeJS.ProcessEnv;
  validators: Readonly<Record<string, PluginConfigValidator>>;
  /** Kong schemas by plugin name: they say where references resolve (anywhere, for a plugin without one). */
  schemas: Readonly<Record<string, KongPluginSchema>>;
  vaults: ReadonlyMap<string, VaultDefinition>;
}

export interface CheckedConfig {
  config: Record<string, unknown>;
  /** Dotted config path → the reference written there. */
  vaultReferences: Record<string, string>;
}

/** `config.a[0].b` and `config.a.0.b` name the same place. */
function samePlace(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * Validates the config as written, then puts the secrets of its vault references in. As in Kong,
 * a field holding a reference is not judged by its format (the reference is), so validator errors
 * on those fields are dropped.
 */
export function checkedPluginConfig(
  entryPath: string,
  name: string,
  config: Record<string, unknown>,
  opts: ConfigCheckOptions,
  issues: IssueList,
  warnings: IssueList,
): CheckedConfig | undefined {
  const schema = opts.schemas[name];
  const resolved = resolveVaultReferences(config, 'config', opts.env, opts.vaults, schema && referenceablePlaces(schema));
  const vaultReferences = resolved.references;
  for (const problem of resolved.problems) issues.add(at(entryPath, problem.path), problem.message);
  for (const warning of resolved.warnings) warnings.add(at(entryPath, warning.path), warning.message);
  const validator = opts.validators[name];
  if (!validator) return resolved.problems.length > 0 ? undefined : { config: resolved.value as Record<string, unknown>, vaultReferences };
  const result = validator(config);
  if (!result.ok) {
    const referencePlaces = new Set(Object.keys(vaultReferences).map(samePlace));
    const errors = result.errors.filter((e) => !referencePlaces.has(samePlace(e.path)));
    for (const error of errors) issues.add(at(entryPath, error.path), error.message);
    if (errors.length > 0 || resolved.problems.length > 0) return undefined;
    // Only reference fields failed: judge the config again with the secrets in, for the defaults.
    const again = validator(resolved.value as Record<string, unknown>);
    if (!again.ok) {
      for (const error of again.errors) issues.add(at(entryPath, error.path), error.message);
      return undefined;
    }
    return { config: applySubstitutions(again.config, resolved.substitutions), vaultReferences };
  }
  if (resolved.problems.length > 0) return undefined;
  return { config: applySubstitutions(result.config, resolved.substitutions), vaultReferences };
}

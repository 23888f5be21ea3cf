/**
 * ajv's errors → Kong-style config issues (`config.model.provider: expected one of: ...`).
 * Messages follow Kong's schema validator (kong/db/schema/init.lua `validation_errors`);
 * cross-field rules report the field and message their `x-error` annotation names.
 */
import type { ErrorObject } from 'ajv';
import type { ConfigSchema, FieldSchema } from './schema';

export interface ConfigIssue {
  /** Dotted path from the plugin entry: `config.model.options.azure_instance`. */
  path: string;
  message: string;
}

const TYPE_MESSAGES: Record<string, string> = {
  string: 'expected a string',
  integer: 'expected an integer',
  number: 'expected a number',
  boolean: 'expected a boolean',
  object: 'expected a record',
  array: 'expected an array',
};

/** `/model/options` → `config.model.options` (JSON Pointer unescaping included). */
export function pointerToPath(pointer: string, root = 'config'): string {
  if (pointer === '') return root;
  const segments = pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return [root, ...segments].join('.');
}

function rangeMessage(field: FieldSchema): string {
  const { minimum, maximum, exclusiveMinimum } = field;
  if (minimum !== undefined && maximum !== undefined) return `value should be between ${minimum} and ${maximum}`;
  if (exclusiveMinimum !== undefined) return `value must be greater than ${exclusiveMinimum}`;
  if (minimum !== undefined) return `value must be at least ${minimum}`;
  return `value must be at most ${String(maximum)}`;
}

/** The message for one ajv error on a field; undefined for errors that only mirror others. */
function fieldIssue(err: ErrorObject): ConfigIssue | undefined {
  const at = pointerToPath(err.instancePath);
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return { path: `${at}.${String(params.missingProperty)}`, message: 'required field missing' };
    case 'additionalProperties':
      return { path: `${at}.${String(params.additionalProperty)}`, message: 'unknown field' };
    case 'type':
      return { path: at, message: TYPE_MESSAGES[String(params.type)] ?? `expected ${String(params.type)}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return { path: at, message: `expected one of: ${allowed}` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return { path: at, message: rangeMessage(err.parentSchema as FieldSchema) };
    case 'minLength':
      return { path: at, message: `length must be at least ${String(params.limit)}` };
    case 'format':
      return { path: at, message: 'expected a URL with a scheme and a host' };
    case 'false schema':
      return { path: at, message: 'invalid value' };
    default:
      return { path: at, message: err.message ?? 'invalid value' };
  }
}

const RULE_PATH = /^#\/allOf\/(\d+)(?:\/|$)/;

/**
 * Turns ajv's errors into issues, one per field and message. Every error under
 * a cross-field rule (`#/allOf/N/...`) collapses into that rule's `x-error`.
 */
export function toIssues(errors: readonly ErrorObject[], schema: ConfigSchema): ConfigIssue[] {
  const fieldIssues: ConfigIssue[] = [];
  const ruleIssues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const push = (list: ConfigIssue[], issue: ConfigIssue): void => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    list.push(issue);
  };
  // A value of the wrong type fails its enum/range too; Kong reports the type alone.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const err of errors) {
    const rule = RULE_PATH.exec(err.schemaPath);
    if (rule) {
      const annotation = schema.allOf[Number(rule[1])]?.['x-error'];
      if (annotation) push(ruleIssues, { path: `config.${annotation.path}`, message: annotation.message });
      continue;
    }
    if (err.keyword !== 'type' && wrongType.has(err.instancePath)) continue;
    const issue = fieldIssue(err);
    if (issue) push(fieldIssues, issue);
  }
  // Field errors first (types, unknown fields), then the cross-field rules.
  return [...fieldIssues, ...ruleIssues];
}

/** `path: message` lines, as the CLI and ConfigError print them. */
export function formatIssues(issues: readonly ConfigIssue[], prefix = ''): string {
  return issues.map((i) => `${prefix}${i.path}: ${i.message}`).join('\n');
}

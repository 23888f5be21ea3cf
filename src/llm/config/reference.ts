/**
 * The configuration reference (markdown) generated from schema/ai-proxy-js.schema.json, and its
 * place in README.md: between the `config-reference` markers, nothing else of the file touched.
 * Regenerate with `node dist/src/cli/gen-config-reference.js` after a build.
 */
import { CONFIG_SCHEMA, configFields, type ConfigSchema, type FieldEntry, type FieldSchema } from './schema';

export const REFERENCE_START = '<!-- config-reference:start -->';
export const REFERENCE_END = '<!-- config-reference:end -->';
export const REFERENCE_COMMAND = 'npm run docs:config';

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

function typeName(field: FieldSchema): string {
  return field.type === 'object' ? 'record' : field.type;
}

function defaultText(field: FieldSchema): string {
  if (field.default === undefined || field.type === 'object') return '';
  return code(field.default);
}

/** Enum values, numeric range, or URL shape. */
function allowedText(field: FieldSchema): string {
  if (field.enum) return field.enum.map(code).join(', ');
  const { minimum, maximum, exclusiveMinimum } = field;
  if (minimum !== undefined && maximum !== undefined) return `${minimum} to ${maximum}`;
  if (exclusiveMinimum !== undefined) return `> ${exclusiveMinimum}`;
  if (minimum !== undefined) return `≥ ${minimum}`;
  if (maximum !== undefined) return `≤ ${maximum}`;
  if (field.format === 'kong-url') return 'URL with scheme and host';
  return '';
}

/** Cross-field rules by the field they report on (`model.options.azure_instance` → its messages). */
function rulesByField(schema: ConfigSchema): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const rule of schema.allOf) {
    const { path, message } = rule['x-error'];
    const list = rules.get(path) ?? [];
    if (!list.includes(message)) list.push(message);
    rules.set(path, list);
  }
  return rules;
}

function notesText(entry: FieldEntry, rules: Map<string, string[]>): string {
  const { schema: field } = entry;
  const notes: string[] = [];
  // A required field with a default is always filled: not something the user must write.
  if (entry.required && field.default === undefined) notes.push('**required**');
  notes.push(...(rules.get(entry.path) ?? []));
  if (field['x-referenceable']) notes.push('referenceable (`{vault://...}`)');
  if (field['x-encrypted']) notes.push('encrypted');
  if (field['x-deprecation']) notes.push(`deprecated: ${field['x-deprecation']}`);
  return notes.join('; ');
}

/** The markdown reference of every config field, in schema order. Pure: same schema, same text. */
export function renderConfigReference(schema: ConfigSchema = CONFIG_SCHEMA): string {
  const rules = rulesByField(schema);
  const rows = configFields(schema).map((entry) => {
    const cells = [
      `\`config.${entry.path}\``,
      typeName(entry.schema),
      defaultText(entry.schema),
      allowedText(entry.schema),
      notesText(entry, rules),
      entry.schema.description,
    ];
    return `| ${cells.map(cell).join(' | ')} |`;
  });
  return [
    `<!-- generated from schema/ai-proxy-js.schema.json by \`${REFERENCE_COMMAND}\`; do not edit by hand -->`,
    '',
    'Every field of the plugin `config`, field for field Kong 3.12 `ai-proxy`. Strings must not be empty;',
    'an explicit `null` means unset. `model.name` and every string under `model.options` may hold',
    '`$(headers.NAME)`, `$(uri_captures.NAME)` or `$(query_params.NAME)` templates.',
    '',
    '| Field | Type | Default | Allowed | Rules | Description |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * README text with the region between the markers replaced by `reference`; everything outside the
 * markers is kept byte for byte. Throws when the markers are missing or out of order.
 */
export function replaceReferenceRegion(readme: string, reference: string): string {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  if (start < 0 || end < 0 || end < start) {
    throw new Error(`README.md needs the markers ${REFERENCE_START} and ${REFERENCE_END}, in that order`);
  }
  const before = readme.slice(0, start + REFERENCE_START.length);
  const after = readme.slice(end);
  return `${before}\n${reference}\n${after}`;
}

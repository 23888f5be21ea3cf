/**
 * Request templating of the model config: `$(headers.NAME)`, `$(uri_captures.NAME)` and
 * `$(query_params.NAME)` in `model.name` and in every string under `model.options` (nested
 * records included) are replaced with the value the current request carries.
 *
 * Kong substitutes the first placeholder of each string and answers 400 when a value is missing;
 * here every placeholder of a string is substituted, and an empty value counts as missing too, so
 * a half-filled model name or deployment id never goes upstream. `model.provider` is never
 * templated (Kong also keeps the configured provider, for safety).
 * @see https://github.com/Kong/kong/blob/master/kong/llm/drivers/shared.lua (merge_model_options, conf_from_request)
 * @see https://developer.konghq.com/plugins/ai-proxy/ (templating)
 */
import { badRequest } from '../errors';
import type { ModelConfig } from '../types';
import { isRecord } from '../is-record';

export interface TemplateSources {
  headers: Record<string, string | string[]>;
  uriCaptures?: Record<string, string>;
  query?: Record<string, string | boolean | (string | boolean)[]>;
}

const TEMPLATE_SOURCES = ['headers', 'uri_captures', 'query_params'] as const;
type TemplateSource = (typeof TEMPLATE_SOURCES)[number];

/** `$(` up to the first `)`, as Kong's `%$%((.-)%)`. */
const PLACEHOLDER = /\$\(([^)]*)\)/g;

interface Placeholder {
  text: string;
  source: TemplateSource;
  key: string;
}

function isTemplateSource(name: string): name is TemplateSource {
  return (TEMPLATE_SOURCES as readonly string[]).includes(name);
}

/** `headers.x-model` → its source and key; a 400 when the expression cannot be one. */
function parsePlaceholder(text: string, expression: string, field: string): Placeholder {
  const dot = expression.indexOf('.');
  const source = dot > 0 ? expression.slice(0, dot) : expression;
  const key = dot > 0 ? expression.slice(dot + 1) : '';
  if (!key) throw badRequest(`cannot parse expression ${text} in ${field}`);
  if (!isTemplateSource(source)) throw badRequest(`source '${source}' is not supported (in ${text} in ${field})`);
  return { text, source, key };
}

function firstValue<T>(value: T | T[] | undefined): T | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Header names are case-insensitive: an exact match first, then any casing. */
function headerValue(headers: TemplateSources['headers'], name: string): string | undefined {
  const exact = headers[name];
  if (exact !== undefined) return firstValue(exact);
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return firstValue(value);
  }
  return undefined;
}

/** A flag query argument (`?x` without `=`) carries no value to substitute. */
function queryValue(query: TemplateSources['query'], name: string): string | undefined {
  const value = firstValue(query?.[name]);
  return typeof value === 'string' ? value : undefined;
}

function lookup(placeholder: Placeholder, sources: TemplateSources): string | undefined {
  switch (placeholder.source) {
    case 'headers':
      return headerValue(sources.headers, placeholder.key);
    case 'uri_captures':
      return sources.uriCaptures?.[placeholder.key];
    case 'query_params':
      return queryValue(sources.query, placeholder.key);
  }
}

/** One string with every placeholder filled; `field` names it in errors (`model.options.azure_deployment_id`). */
function resolveString(value: string, sources: TemplateSources, field: string): string {
  return value.replace(PLACEHOLDER, (text, expression: string) => {
    const placeholder = parsePlaceholder(text, expression, field);
    const resolved = lookup(placeholder, sources);
    if (resolved === undefined || resolved === '') {
      throw badRequest(`${placeholder.source} key ${placeholder.key} was not provided (needed by ${text} in ${field})`);
    }
    return resolved;
  });
}

/** Every string of a record (recursively) resolved; other values copied as they are. */
function resolveRecord<T extends object>(record: T, sources: TemplateSources, prefix: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const field = `${prefix}.${key}`;
    if (typeof value === 'string') out[key] = resolveString(value, sources, field);
    else if (isRecord(value)) out[key] = resolveRecord(value, sources, field);
    else out[key] = value;
  }
  return out as T;
}

/** Every templatable string of a model config (name and options, recursively). */
function templatableStrings(model: ModelConfig): string[] {
  const out: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (isRecord(value)) Object.values(value).forEach(collect);
  };
  collect(model.name);
  collect(model.options);
  return out;
}

/** Which sources a config's model needs (so the plugin only makes the PDK calls it needs). */
export function templateSourcesNeeded(model: ModelConfig): { uriCaptures: boolean; query: boolean } {
  const needed = { uriCaptures: false, query: false };
  for (const value of templatableStrings(model)) {
    for (const match of value.matchAll(PLACEHOLDER)) {
      const expression = match[1] ?? '';
      if (expression.startsWith('uri_captures.')) needed.uriCaptures = true;
      if (expression.startsWith('query_params.')) needed.query = true;
    }
  }
  return needed;
}

/** model with every placeholder filled; throws LlmError(400) on a missing value. Pure. */
export function resolveModelTemplates(model: ModelConfig, sources: TemplateSources): ModelConfig {
  // The common case (no templates) costs one scan and no copy.
  if (!templatableStrings(model).some((value) => value.includes('$('))) return model;
  const resolved: ModelConfig = { ...model };
  if (typeof model.name === 'string') resolved.name = resolveString(model.name, sources, 'model.name');
  if (model.options) resolved.options = resolveRecord(model.options, sources, 'model.options');
  return resolved;
}

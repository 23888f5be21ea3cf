/**
 * Where a plugin's config may hold vault references: Kong resolves `{vault://...}` only in string
 * fields its schema marks `referenceable` (or arrays, sets and maps of such strings); elsewhere the
 * text is used as written. The places are read from the plugin's Kong schema, the one a plugin
 * server reports (`{ name, fields: [{ config: { type: 'record', fields: [...] } }] }`).
 * @see kong/db/schema/init.lua (process_auto_fields, `resolve_references`)
 */
import { isRecord } from './fields';

/** A plugin's Kong schema as a plugin server reports it (PluginInfo.Schema). */
export interface KongPluginSchema {
  name?: string;
  fields: unknown[];
}

/** Tells whether the config place named by keys (from the config root) is referenceable. */
export type ReferenceablePlaces = (keys: readonly (string | number)[]) => boolean;

/** Place patterns: record keys by name, `[]` for any array/set element, `*` for any map value. */
function collect(fields: unknown[], prefix: string[], out: Set<string>): void {
  for (const entry of fields) {
    if (!isRecord(entry)) continue;
    for (const [name, field] of Object.entries(entry)) {
      if (isRecord(field)) collectField(field, [...prefix, name], out);
    }
  }
}

function collectField(field: Record<string, unknown>, place: string[], out: Set<string>): void {
  const isReferenceableString = (f: unknown): boolean => isRecord(f) && f.type === 'string' && f.referenceable === true;
  switch (field.type) {
    case 'string':
      if (field.referenceable === true) out.add(place.join('\u0000'));
      return;
    case 'array':
    case 'set':
      if (isReferenceableString(field.elements)) out.add([...place, '[]'].join('\u0000'));
      return;
    case 'map':
      if (isReferenceableString(field.values)) out.add([...place, '*'].join('\u0000'));
      return;
    case 'record':
      if (Array.isArray(field.fields)) collect(field.fields, place, out);
      return;
    default:
      return;
  }
}

/** The `fields` of the plugin schema's `config` record. */
function configFields(schema: KongPluginSchema): unknown[] {
  for (const entry of schema.fields) {
    if (isRecord(entry) && isRecord(entry.config) && Array.isArray(entry.config.fields)) return entry.config.fields;
  }
  return [];
}

export function referenceablePlaces(schema: KongPluginSchema): ReferenceablePlaces {
  const places = new Set<string>();
  collect(configFields(schema), [], places);
  return (keys) => {
    const named = keys.map(String);
    const asElement = keys.map((k, i) => (i === keys.length - 1 && typeof k === 'number' ? '[]' : String(k)));
    const asMapValue = keys.map((k, i) => (i === keys.length - 1 ? '*' : String(k)));
    return [named, asElement, asMapValue].some((p) => places.has(p.join('\u0000')));
  };
}

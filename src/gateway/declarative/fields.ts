/**
 * Small readers for the fields of a declarative entry. Each one reports a Kong-worded problem into
 * the shared issue list and returns undefined, so one pass over the file collects every problem.
 * Messages follow Kong's schema validator (`validation_errors` in kong/db/schema/init.lua).
 * An explicit `null` means "unset", as in Kong (decK dumps carry them).
 */
import type { LoadIssue } from './types';

export class IssueList {
  readonly items: LoadIssue[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }

  get empty(): boolean {
    return this.items.length === 0;
  }
}

export type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `services[0]` + `routes` → `services[0].routes`. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** The entry as a record, or an issue. */
export function readEntry(value: unknown, path: string, issues: IssueList): Fields | undefined {
  if (isRecord(value)) return value;
  issues.add(path, 'expected a record');
  return undefined;
}

/** Reports every key the entry may not carry: `unknown field`, or the reason the local gateway refuses it. */
export function checkFields(
  entry: Fields,
  path: string,
  issues: IssueList,
  allowed: ReadonlySet<string>,
  refused: Readonly<Record<string, string>> = {},
): void {
  for (const [key, value] of Object.entries(entry)) {
    if (allowed.has(key)) continue;
    const reason = refused[key];
    if (reason !== undefined) {
      if (!isEmpty(value)) issues.add(at(path, key), reason);
      continue;
    }
    issues.add(at(path, key), 'unknown field');
  }
}

/** null, undefined, an empty array or an empty record: what Kong's `is_empty_field` calls empty. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.keys(value).length === 0;
  return false;
}

export function optString(entry: Fields, key: string, path: string, issues: IssueList): string | undefined {
  const value = entry[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  issues.add(at(path, key), 'expected a string');
  return undefined;
}

export function optBoolean(entry: Fields, key: string, path: string, issues: IssueList): boolean | undefined {
  const value = entry[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  issues.add(at(path, key), 'expected a boolean');
  return undefined;
}

export interface IntegerRange {
  min: number;
  max: number;
}

/** An integer, checked against an inclusive range (Kong's `between`). */
export function optInteger(
  entry: Fields,
  key: string,
  path: string,
  issues: IssueList,
  range?: IntegerRange,
): number | undefined {
  const value = entry[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    issues.add(at(path, key), 'expected an integer');
    return undefined;
  }
  if (range && (value < range.min || value > range.max)) {
    issues.add(at(path, key), `value should be between ${range.min} and ${range.max}`);
    return undefined;
  }
  return value;
}

/** An array of strings; each element checked by `check` (returns a message for a bad one). */
export function optStringArray(
  entry: Fields,
  key: string,
  path: string,
  issues: IssueList,
  check?: (element: string) => string | undefined,
): string[] | undefined {
  const value = entry[key];
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.add(at(path, key), 'expected an array');
    return undefined;
  }
  const out: string[] = [];
  let ok = true;
  value.forEach((element: unknown, i) => {
    const elementPath = at(at(path, key), i);
    if (typeof element !== 'string') {
      issues.add(elementPath, 'expected a string');
      ok = false;
      return;
    }
    const problem = check?.(element);
    if (problem !== undefined) {
      issues.add(elementPath, problem);
      ok = false;
      return;
    }
    out.push(element);
  });
  return ok ? out : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An entity id: a UUID when given (Kong's typedefs.uuid), lower-cased. */
export function optId(entry: Fields, path: string, issues: IssueList): string | undefined {
  const id = optString(entry, 'id', path, issues);
  if (id === undefined) return undefined;
  if (!UUID.test(id)) {
    issues.add(at(path, 'id'), 'expected a valid UUID');
    return undefined;
  }
  return id.toLowerCase();
}

const NAME = /^[\p{L}\p{N}._~-]+$/u;

/** An entity name (Kong's typedefs.utf8_name). */
export function optName(entry: Fields, key: string, path: string, issues: IssueList): string | undefined {
  const name = optString(entry, key, path, issues);
  if (name === undefined) return undefined;
  if (!NAME.test(name)) {
    issues.add(
      at(path, key),
      `invalid value '${name}': the only accepted ascii characters are alphanumerics or ., -, _, and ~`,
    );
    return undefined;
  }
  return name;
}

const TAG = /^[\x20-\x2b\x2d\x2e\x30-\x7e\u0080-\u{10ffff}]+$/u;

/** Tags: printable text without `,` and `/` (Kong's typedefs.tag). */
export function optTags(entry: Fields, path: string, issues: IssueList): string[] | undefined {
  return optStringArray(entry, 'tags', path, issues, (tag) =>
    TAG.test(tag) ? undefined : `invalid tag '${tag}': expected printable ascii (except \`,\` and \`/\`) or valid utf-8 sequences`,
  );
}

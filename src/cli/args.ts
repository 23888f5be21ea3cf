/** Small helpers shared by the sub-commands: repeated `K:V` / `K=V` options and input files. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export class UsageError extends Error {}

/** `name:value` pairs (first colon splits; names lower-cased, as Kong reports request headers). */
export function parseHeaderOptions(values: readonly string[] | undefined): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const raw of values ?? []) {
    const colon = raw.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header expects NAME:VALUE, got '${raw}'`);
    const name = raw.slice(0, colon).trim().toLowerCase();
    const value = raw.slice(colon + 1).trim();
    const prev = headers[name];
    headers[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return headers;
}

/** `name=value` pairs; a repeated name keeps every value (Kong's get_query shape). */
export function parsePairOptions(values: readonly string[] | undefined, flag: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const raw of values ?? []) {
    const eq = raw.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects NAME=VALUE, got '${raw}'`);
    const name = raw.slice(0, eq);
    const value = raw.slice(eq + 1);
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** A file's text, or standard input for `-`. */
export function readInput(file: string): string {
  return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
}

/** A JSON or YAML document (by extension; YAML is a superset of JSON, so unknown extensions parse as YAML). */
export function readDocument(file: string): unknown {
  const text = readInput(file);
  if (path.extname(file).toLowerCase() === '.json') return JSON.parse(text) as unknown;
  return YAML.parse(text) as unknown;
}

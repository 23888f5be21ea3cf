import { badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import { stopSequences } from '../shared/openai-builders';

/** How one provider parameter is read from the OpenAI request: its source fields, first present wins. */
export interface ParameterRule {
  from: readonly (keyof OpenAIRequest & string)[];
  kind: 'number' | 'stop';
}

/**
 * Builds a provider's sampling parameters from a table of rules, so that per-provider code is the
 * table only. Absent and null fields are left out; a field of the wrong type is the client's error.
 */
export function mapParameters<K extends string>(
  req: OpenAIRequest,
  table: Readonly<Record<K, ParameterRule>>,
): Partial<Record<K, number | string[]>> {
  const out: Partial<Record<K, number | string[]>> = {};
  for (const key of Object.keys(table) as K[]) {
    const rule = table[key];
    const source = rule.from.find((field) => req[field] !== undefined && req[field] !== null);
    if (source === undefined) continue;
    const value = req[source];
    switch (rule.kind) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`'${source}' must be a number`);
        out[key] = value;
        break;
      case 'stop':
        if (!isStop(value)) throw badRequest(`'${source}' must be a string or an array of strings`);
        out[key] = stopSequences(value);
        break;
    }
  }
  return out;
}

function isStop(value: unknown): value is string | string[] {
  return typeof value === 'string' || (Array.isArray(value) && value.every((s) => typeof s === 'string'));
}

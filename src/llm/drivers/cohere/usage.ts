import { usage } from '../shared/openai-builders';
import type { Usage } from '../../types';
import { isRecord } from './wire';

export interface CohereTokenCounts {
  prompt_tokens?: number;
  completion_tokens?: number;
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/**
 * Token counts from v1's `meta` or v2's `usage`: `billed_units` (what is charged, Kong's choice),
 * else `tokens` (what the model saw, including Cohere's prompt template).
 * @see https://docs.cohere.com/reference/chat#response.body.usage
 * @see kong/llm/drivers/cohere.lua transformers_from
 */
export function cohereTokenCounts(raw: unknown): CohereTokenCounts {
  if (!isRecord(raw)) return {};
  const out: CohereTokenCounts = {};
  for (const source of [raw.billed_units, raw.tokens]) {
    if (!isRecord(source)) continue;
    out.prompt_tokens ??= count(source.input_tokens);
    out.completion_tokens ??= count(source.output_tokens);
  }
  return out;
}

/** OpenAI usage, or undefined when the provider reported no counts. */
export function convertCohereUsage(raw: unknown): Usage | undefined {
  const counts = cohereTokenCounts(raw);
  if (counts.prompt_tokens === undefined && counts.completion_tokens === undefined) return undefined;
  return usage(counts.prompt_tokens ?? 0, counts.completion_tokens ?? 0);
}

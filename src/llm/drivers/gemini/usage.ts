import type { StreamStep } from '../types';
import type { Usage } from '../../types';
import { isRecord } from './wire';

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/**
 * Completion tokens as OpenAI counts them: the candidates' tokens plus the thinking tokens
 * (OpenAI counts reasoning tokens as completion tokens).
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
function completionTokens(raw: Record<string, unknown>): number | undefined {
  const candidates = count(raw.candidatesTokenCount);
  const thoughts = count(raw.thoughtsTokenCount);
  if (candidates === undefined && thoughts === undefined) return undefined;
  return (candidates ?? 0) + (thoughts ?? 0);
}

/**
 * `usageMetadata` → OpenAI usage; undefined when the body reports no counts.
 * `totalTokenCount` is Gemini's own total (it includes tool-use prompt tokens).
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function convertGeminiUsage(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const prompt = count(raw.promptTokenCount);
  const completion = completionTokens(raw);
  if (prompt === undefined && completion === undefined) return undefined;
  const out: Usage = {
    prompt_tokens: prompt ?? 0,
    completion_tokens: completion ?? 0,
    total_tokens: count(raw.totalTokenCount) ?? (prompt ?? 0) + (completion ?? 0),
  };
  const cached = count(raw.cachedContentTokenCount);
  if (cached !== undefined) out.prompt_tokens_details = { cached_tokens: cached };
  const thoughts = count(raw.thoughtsTokenCount);
  if (thoughts !== undefined) out.completion_tokens_details = { reasoning_tokens: thoughts };
  return out;
}

/** The counts one stream chunk reports (each chunk carries the running totals). */
export function geminiUsageStep(raw: unknown): StreamStep['usage'] {
  if (!isRecord(raw)) return undefined;
  const step: NonNullable<StreamStep['usage']> = {};
  const prompt = count(raw.promptTokenCount);
  const completion = completionTokens(raw);
  if (prompt !== undefined) step.prompt_tokens = prompt;
  if (completion !== undefined) step.completion_tokens = completion;
  return Object.keys(step).length > 0 ? step : undefined;
}

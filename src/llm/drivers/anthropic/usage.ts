import { usage } from '../shared/openai-builders';
import type { Usage } from '../../types';
import { isRecord } from './wire';

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/**
 * Prompt tokens as OpenAI counts them: Anthropic's `input_tokens` excludes the tokens written to
 * and read from the prompt cache, OpenAI's `prompt_tokens` includes cached tokens. Undefined when
 * the provider reported no input count at all.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function anthropicPromptTokens(raw: Record<string, unknown>): number | undefined {
  const input = count(raw.input_tokens);
  const created = count(raw.cache_creation_input_tokens);
  const read = count(raw.cache_read_input_tokens);
  if (input === undefined && created === undefined && read === undefined) return undefined;
  return (input ?? 0) + (created ?? 0) + (read ?? 0);
}

export function anthropicCompletionTokens(raw: Record<string, unknown>): number | undefined {
  return count(raw.output_tokens);
}

/**
 * A Messages `usage` object → OpenAI usage, with cache reads as `prompt_tokens_details.cached_tokens`.
 * Undefined when the body has no usage (Kong then reports none rather than zeros).
 * @see https://docs.anthropic.com/en/api/messages#response-usage
 */
export function convertAnthropicUsage(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const prompt = anthropicPromptTokens(raw);
  const completion = anthropicCompletionTokens(raw);
  if (prompt === undefined && completion === undefined) return undefined;
  const out = usage(prompt ?? 0, completion ?? 0);
  const cached = count(raw.cache_read_input_tokens);
  if (cached !== undefined) out.prompt_tokens_details = { cached_tokens: cached };
  return out;
}

import type { Usage } from '../../types';
import { usage } from '../shared/openai-builders';
import { isRecord } from './wire';

/** Converse `usage {inputTokens, outputTokens}` → prompt/completion tokens, each when present. */
export function bedrockTokens(raw: unknown): { prompt_tokens?: number; completion_tokens?: number } {
  if (!isRecord(raw)) return {};
  const out: { prompt_tokens?: number; completion_tokens?: number } = {};
  if (typeof raw.inputTokens === 'number') out.prompt_tokens = raw.inputTokens;
  if (typeof raw.outputTokens === 'number') out.completion_tokens = raw.outputTokens;
  return out;
}

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html */
export function convertBedrockUsage(raw: unknown): Usage | undefined {
  const tokens = bedrockTokens(raw);
  if (tokens.prompt_tokens === undefined && tokens.completion_tokens === undefined) return undefined;
  return usage(tokens.prompt_tokens ?? 0, tokens.completion_tokens ?? 0);
}

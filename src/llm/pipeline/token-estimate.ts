import type { Json } from '../types';

/**
 * Kong's fallback token count when a provider does not report usage: whitespace-separated words,
 * times a factor (1.8 for streamed prompts, 1.0 otherwise), rounded.
 * @see kong/llm/drivers/shared.lua count_words, calculate_cost
 */
export function countWords(content: unknown): number {
  if (typeof content === 'string') return content.split(/\s+/).filter((w) => w !== '').length;
  if (Array.isArray(content)) {
    let n = 0;
    for (const part of content) {
      if (typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'text') n += countWords((part as { text?: unknown }).text);
    }
    return n;
  }
  return 0;
}

function promptWords(prompt: unknown): number {
  if (typeof prompt === 'string') return countWords(prompt);
  if (!Array.isArray(prompt)) return 0;
  let n = 0;
  for (const item of prompt as Json[]) n += typeof item === 'number' ? 1 : countWords(item);
  return n;
}

/** Estimated prompt tokens of an OpenAI request body (messages, prompt or embeddings input). */
export function estimatePromptTokens(body: Record<string, unknown>, factor: number): number {
  let words = 0;
  if (Array.isArray(body.messages)) {
    for (const m of body.messages) words += countWords((m as { content?: unknown })?.content);
  } else if (body.prompt !== undefined) {
    words = promptWords(body.prompt);
  } else if (body.input !== undefined) {
    words = promptWords(body.input);
  }
  return Math.floor(words * factor + 0.5);
}

/** Estimated completion tokens of an OpenAI answer (choices' message content or text). */
export function estimateCompletionTokens(texts: readonly string[]): number {
  return texts.reduce((n, t) => n + countWords(t), 0);
}

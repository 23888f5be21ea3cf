/**
 * The mock's "tokens" are whitespace-separated words, so tests can predict usage numbers.
 */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

export function countWords(texts: string | readonly string[]): number {
  const all = typeof texts === 'string' ? [texts] : texts;
  return all.reduce((n, t) => n + words(t).length, 0);
}

/**
 * Splits text into stream pieces of one word each, the whitespace before a word kept with it,
 * so that joining the pieces gives the text back (less trailing whitespace).
 */
export function streamPieces(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** Splits text into pieces of at most `size` characters (tool-call argument JSON in streams). */
export function fixedPieces(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

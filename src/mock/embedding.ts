import { createHash } from 'node:crypto';

/** The length of a vector when the request does not ask for one (`dimensions` and its kin). */
export const EMBEDDING_DIMENSIONS = 8;

/**
 * A deterministic vector for a text: floats in [-1, 1) with 6 decimals, from SHA-256 of the text
 * and a block counter (8 floats per block), so any length is available and a shorter vector is a
 * prefix of a longer one.
 */
export function embed(text: string, dimensions = EMBEDDING_DIMENSIONS): number[] {
  const out: number[] = [];
  for (let block = 0; out.length < dimensions; block++) {
    const hash = createHash('sha256').update(`${block}\n${text}`).digest();
    for (let i = 0; i < 8 && out.length < dimensions; i++) {
      const u = hash.readUInt32BE(i * 4) / 2 ** 32;
      out.push(Math.round((u * 2 - 1) * 1e6) / 1e6);
    }
  }
  return out;
}

/** A requested dimension count, if it is a usable positive integer (at most 65,536). */
export function requestedDimensions(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 65_536 ? value : undefined;
}

/** OpenAI's `encoding_format: "base64"`: little-endian float32 bytes, base64. */
export function embedBase64(vector: readonly number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

/** The texts of an embeddings `input`: a string, strings, or token arrays (stringified). */
export function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input)) {
    if (input.every((x) => typeof x === 'number')) return [input.join(' ')];
    return input.map((x) => (typeof x === 'string' ? x : Array.isArray(x) ? x.join(' ') : JSON.stringify(x)));
  }
  return [];
}

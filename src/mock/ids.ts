import { createHash } from 'node:crypto';

/** A short hex digest: ids derived from the request are the same for the same request. */
export function digest(seed: string, length = 24): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

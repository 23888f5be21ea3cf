import { createHash, randomBytes } from 'node:crypto';

/**
 * A stable UUID (version-5 layout, SHA-1 of a namespace + name) for entities written without an `id`,
 * so an instance key, a log line and a restarted gateway agree on the same id for the same entry.
 */
export function stableUuid(name: string): string {
  const hash = createHash('sha1').update('ai-proxy-js/gateway:').update(name).digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A request id shaped like Kong's (`$request_id`: 32 hex characters). */
export function requestId(): string {
  return randomBytes(16).toString('hex');
}

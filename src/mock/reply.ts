import type { Reply } from './types';

const utf8 = new TextEncoder();

export function bytes(text: string | Uint8Array): Uint8Array {
  return typeof text === 'string' ? utf8.encode(text) : text;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    kind: 'body',
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: bytes(JSON.stringify(body)),
  };
}

export function text(status: number, contentType: string, body: string, headers: Record<string, string> = {}): Reply {
  return { kind: 'body', status, headers: { 'content-type': contentType, ...headers }, body: bytes(body) };
}

export function stream(contentType: string, parts: Array<string | Uint8Array>, headers: Record<string, string> = {}): Reply {
  return { kind: 'stream', status: 200, headers: { 'content-type': contentType, ...headers }, parts: parts.map(bytes) };
}

/** Tells a ready reply from parsed request data in `parse(req): Data | Reply` helpers. */
export function isReply(value: object): value is Reply {
  return 'kind' in value && (value.kind === 'body' || value.kind === 'stream');
}

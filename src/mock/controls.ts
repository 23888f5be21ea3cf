import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { createGzip, gzipSync } from 'node:zlib';
import type { Reply } from './types';

/**
 * The control headers and what they do (the CLI prints this list; src/mock/index.ts documents it).
 * They apply after the credential check, which they never bypass.
 */
export const CONTROL_HEADERS: ReadonlyArray<{ header: string; effect: string }> = [
  { header: 'x-mock-delay-ms: N', effect: 'wait N ms before answering' },
  { header: 'x-mock-status: S', effect: "answer status S (100-599) with that provider's real error body" },
  { header: 'x-mock-truncate: N', effect: 'send only the first N stream events, or the first N bytes of a whole body' },
  { header: 'x-mock-truncate-mode: close', effect: 'with x-mock-truncate: destroy the socket instead of ending the response' },
  { header: 'x-mock-gzip: 1', effect: 'gzip the body (content-encoding: gzip; streams are flushed per event)' },
  { header: 'x-mock-garbage: 1', effect: 'answer 200 application/json with a body that is not JSON' },
  {
    header: 'x-mock-hf-loading: SECONDS',
    effect: 'Hugging Face text generation: 503 "Model ... is currently loading" with that estimated_time, unless options.wait_for_model or x-wait-for-model: true',
  },
];

/** Test controls read from request headers (see `CONTROL_HEADERS`). */
export interface Controls {
  delayMs?: number;
  status?: number;
  truncate?: number;
  truncateMode: 'end' | 'close';
  gzip: boolean;
  garbage: boolean;
}

function headerInt(headers: IncomingHttpHeaders, name: string): number | undefined {
  const raw = headers[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

function headerFlag(headers: IncomingHttpHeaders, name: string): boolean {
  const raw = headers[name];
  const v = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}

export function readControls(headers: IncomingHttpHeaders): Controls {
  const status = headerInt(headers, 'x-mock-status');
  const mode = headers['x-mock-truncate-mode'];
  return {
    delayMs: headerInt(headers, 'x-mock-delay-ms'),
    status: status !== undefined && status >= 100 && status <= 599 ? status : undefined,
    truncate: headerInt(headers, 'x-mock-truncate'),
    truncateMode: mode === 'close' ? 'close' : 'end',
    gzip: headerFlag(headers, 'x-mock-gzip'),
    garbage: headerFlag(headers, 'x-mock-garbage'),
  };
}

/** The body of `x-mock-garbage`: a 200 that claims JSON but is not. */
export const GARBAGE_BODY = '<html><body>502 Bad Gateway (mock garbage: this is not JSON)</body></html>\n';

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Writes a reply, applying `x-mock-truncate` (bytes of a body, events of a stream) and `x-mock-gzip`. */
export async function deliver(res: ServerResponse, reply: Reply, controls: Controls): Promise<void> {
  const headers: Record<string, string> = { ...reply.headers };
  const cut = controls.truncate;
  const closeEarly = cut !== undefined && controls.truncateMode === 'close';

  if (reply.kind === 'body') {
    const whole = Buffer.from(reply.body);
    const sent = cut !== undefined ? whole.subarray(0, cut) : whole;
    let payload: Buffer = sent;
    if (controls.gzip) {
      payload = gzipSync(sent);
      headers['content-encoding'] = 'gzip';
    }
    // Closing early announces the whole length, so the client sees a premature end.
    const announced = closeEarly ? (controls.gzip ? gzipSync(whole).length : whole.length) : payload.length;
    headers['content-length'] = String(announced);
    res.writeHead(reply.status, headers);
    if (closeEarly) {
      res.write(payload, () => res.destroy());
      return;
    }
    res.end(payload);
    return;
  }

  const parts = cut !== undefined ? reply.parts.slice(0, cut) : reply.parts;
  headers['cache-control'] = 'no-cache';
  if (controls.gzip) headers['content-encoding'] = 'gzip';
  res.writeHead(reply.status, headers);
  res.flushHeaders();

  if (controls.gzip) {
    const gz = createGzip();
    gz.on('data', (chunk: Buffer) => res.write(chunk));
    for (const part of parts) {
      gz.write(part);
      await new Promise<void>((resolve) => gz.flush(() => resolve()));
      await nextTick();
    }
    if (closeEarly) {
      res.destroy();
      return;
    }
    const ended = new Promise<void>((resolve) => gz.once('end', resolve));
    gz.end();
    await ended;
    res.end();
    return;
  }

  for (const part of parts) {
    res.write(part);
    await nextTick();
  }
  if (closeEarly) {
    res.destroy();
    return;
  }
  res.end();
}

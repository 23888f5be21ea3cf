/**
 * Writing the answer to the client, with the headers Kong adds: `X-Kong-Request-Id` always;
 * `Via`, `X-Kong-Upstream-Latency` and `X-Kong-Proxy-Latency` when the request was proxied;
 * `X-Kong-Response-Latency` and `Server` when the gateway answered itself.
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/handler.lua (header_filter.after)
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HeaderMap } from './header-map';
import type { RequestContext } from './request-context';

export interface GatewayIdentity {
  /** `ai-proxy-js/<version>`: the Server header, and the token of Via. */
  server: string;
}

/** Adds Kong's headers to `headers` (mutated) once the answer is known. */
export function addKongHeaders(ctx: RequestContext, headers: HeaderMap, identity: GatewayIdentity, now: number): void {
  const { start, upstreamStart, upstreamEnd } = ctx.timings;
  if (ctx.proxied && upstreamStart !== undefined && upstreamEnd !== undefined) {
    headers.set('X-Kong-Upstream-Latency', String(Math.round(upstreamEnd - upstreamStart)));
    headers.set('X-Kong-Proxy-Latency', String(Math.round(upstreamStart - start)));
    const via = headers.get('via');
    headers.set('Via', via ? `${via}, 1.1 ${identity.server}` : `1.1 ${identity.server}`);
    if (!headers.has('server')) headers.set('Server', identity.server);
  } else {
    headers.set('X-Kong-Response-Latency', String(Math.round(now - start)));
    headers.set('Server', identity.server);
  }
  headers.set('X-Kong-Request-Id', ctx.id);
}

/** Bytes of the status line and header block as they go out (for the log's response.size). */
export function headerBlockSize(status: number, headers: HeaderMap): number {
  let size = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`.length + 2;
  for (const [name, values] of headers.toPairs()) for (const v of values) size += name.length + v.length + 4;
  return size;
}

function withoutBody(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
}

/** Sends a whole answer; returns the bytes sent. */
export function sendWhole(res: ServerResponse, ctx: RequestContext, status: number, headers: HeaderMap, body: Buffer): number {
  const noBody = withoutBody(ctx.method, status);
  headers.delete('transfer-encoding');
  if (status === 204 || status === 304) headers.delete('content-length');
  // A HEAD answer keeps the length the service announced for the body it did not send.
  else if (!(ctx.method === 'HEAD' && body.length === 0 && headers.has('content-length'))) headers.set('Content-Length', String(body.length));
  res.writeHead(status, headers.toRecord());
  res.end(noBody ? undefined : body);
  return headerBlockSize(status, headers) + (noBody ? 0 : body.length);
}

/** Streams the service's body as it comes (no plugin has a response phase); returns the bytes sent. */
export async function sendStreamed(res: ServerResponse, ctx: RequestContext, status: number, headers: HeaderMap, body: Readable): Promise<number> {
  let bodyBytes = 0;
  res.writeHead(status, headers.toRecord());
  if (withoutBody(ctx.method, status)) {
    body.resume();
    res.end();
    return headerBlockSize(status, headers);
  }
  body.on('data', (chunk: Buffer) => {
    bodyBytes += chunk.length;
  });
  try {
    await pipeline(body, res);
  } catch {
    // The service or the client broke off mid-body; the headers are gone, so the connection is cut.
    res.destroy();
  }
  return headerBlockSize(status, headers) + bodyBytes;
}

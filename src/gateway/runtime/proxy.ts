/**
 * Proxying to the service with undici, after the plugins changed the request: target scheme, host,
 * port, path, query, method, headers and body. Keep-alive agents are shared per connect timeout;
 * the service's read_timeout bounds the wait for headers and between body chunks (nginx's
 * `proxy_read_timeout`). Failures are sorted into Kong's 502 (unreachable / broken) and 504 (timed out).
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/handler.lua (upstream_host, X-Forwarded-*)
 */
import type { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { HeaderMap } from './header-map';
import type { RequestContext, UpstreamTarget } from './request-context';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the ones the proxy sets itself. */
const REQUEST_HEADERS_NOT_FORWARDED = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length', 'host',
]);
const RESPONSE_HEADERS_NOT_FORWARDED = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

export type UpstreamFailureKind = 'unreachable' | 'timeout';

export class UpstreamFailure extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    cause: unknown,
  ) {
    super(`upstream ${kind}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'UpstreamFailure';
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

export function classifyUpstreamError(err: unknown): UpstreamFailure {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return new UpstreamFailure(typeof code === 'string' && TIMEOUT_CODES.has(code) ? 'timeout' : 'unreachable', err);
}

export interface UpstreamTimeouts {
  connectMs: number;
  readMs: number;
}

/**
 * Keep-alive agents, one per (connect timeout, TLS verification) pair: undici sets both per agent,
 * not per request.
 */
export class UpstreamAgents {
  private readonly agents = new Map<string, Agent>();

  get(connectTimeoutMs: number, verifyTls = true): Dispatcher {
    const key = `${connectTimeoutMs}/${verifyTls}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({ connect: { timeout: connectTimeoutMs, rejectUnauthorized: verifyTls }, keepAliveTimeout: 60_000 });
      this.agents.set(key, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((a) => a.close()));
  }
}

function defaultPort(scheme: string): number {
  return scheme === 'https' ? 443 : 80;
}

/** Host header: what a plugin or preserve_host set, else the target (with a non-default port). */
export function upstreamHostHeader(upstream: UpstreamTarget): string {
  if (upstream.hostHeader !== undefined && upstream.hostHeader !== '') return upstream.hostHeader;
  const host = upstream.host.includes(':') && !upstream.host.startsWith('[') ? `[${upstream.host}]` : upstream.host;
  return upstream.port === defaultPort(upstream.scheme) ? host : `${host}:${upstream.port}`;
}

/** The headers sent upstream: the request's (as plugins left them), minus hop-by-hop, plus Kong's. */
export function upstreamRequestHeaders(ctx: RequestContext, upstream: UpstreamTarget): Record<string, string | string[]> {
  const extraHopByHop = new Set(
    ctx.headers
      .getAll('connection')
      .flatMap((v) => v.split(','))
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== ''),
  );
  const headers = new HeaderMap();
  for (const [name, values] of ctx.headers.toPairs()) {
    const lower = name.toLowerCase();
    if (REQUEST_HEADERS_NOT_FORWARDED.has(lower) || extraHopByHop.has(lower)) continue;
    headers.set(name, values);
  }
  headers.set('Host', upstreamHostHeader(upstream));
  const forwardedFor = ctx.headers.get('x-forwarded-for');
  headers.set('X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${ctx.clientIp}` : ctx.clientIp);
  headers.set('X-Forwarded-Proto', ctx.scheme);
  headers.set('X-Forwarded-Host', ctx.host);
  headers.set('X-Forwarded-Port', String(ctx.serverPort));
  headers.set('X-Forwarded-Path', ctx.rawPath);
  headers.set('X-Real-IP', ctx.clientIp);
  // Kong's default `headers_upstream = X-Kong-Request-Id`.
  headers.set('X-Kong-Request-Id', ctx.id);
  return headers.toRecord();
}

/** `upstream_uri`: the path plugins set (or the router's) and the request's query. */
export function upstreamUri(ctx: RequestContext, upstream: UpstreamTarget): string {
  return ctx.rawQuery === '' ? upstream.path : `${upstream.path}?${ctx.rawQuery}`;
}

export function upstreamResponseHeaders(raw: Record<string, string | string[] | undefined>): HeaderMap {
  const headers = HeaderMap.fromRecord(raw);
  for (const [name] of headers.toPairs()) {
    if (RESPONSE_HEADERS_NOT_FORWARDED.has(name.toLowerCase())) headers.delete(name);
  }
  return headers;
}

export interface UpstreamAnswer {
  status: number;
  headers: HeaderMap;
  body: Readable;
}

/** Sends the request upstream; resolves when the response headers are in. Rejects with UpstreamFailure. */
export async function sendUpstream(dispatcher: Dispatcher, ctx: RequestContext, timeouts: UpstreamTimeouts): Promise<UpstreamAnswer> {
  const upstream = ctx.upstream;
  if (!upstream) throw new Error('no upstream target');
  const host = upstream.host.includes(':') && !upstream.host.startsWith('[') ? `[${upstream.host}]` : upstream.host;
  const method = ctx.method;
  try {
    const res = await request(`${upstream.scheme}://${host}:${upstream.port}${upstreamUri(ctx, upstream)}`, {
      dispatcher,
      method: method as Dispatcher.HttpMethod,
      headers: upstreamRequestHeaders(ctx, upstream),
      body: method === 'GET' || method === 'HEAD' ? (ctx.body.length > 0 ? ctx.body : undefined) : ctx.body,
      headersTimeout: timeouts.readMs,
      bodyTimeout: timeouts.readMs,
    });
    return { status: res.statusCode, headers: upstreamResponseHeaders(res.headers), body: res.body };
  } catch (err) {
    throw classifyUpstreamError(err);
  }
}

/** Reads a whole upstream body (Kong's buffered proxying); a timeout or reset is an UpstreamFailure. */
export async function readWhole(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  } catch (err) {
    throw classifyUpstreamError(err);
  }
  return Buffer.concat(chunks);
}

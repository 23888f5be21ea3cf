/**
 * Everything the gateway knows of one request, in one object: what the client sent (as plugins
 * changed it — in Kong, `kong.service.request.set_header` rewrites the request headers that
 * `kong.request.get_header` reads), where it goes upstream, what came back, what a plugin exited
 * with, and the per-request tables of the PDK (`kong.ctx.shared`, `ngx.ctx`, serialize values).
 */
import type { RouteEntity, ServiceEntity, ServiceProtocol } from '../declarative/types';
import type { Phase } from '../plugin-server/types';
import { HeaderMap } from './header-map';
import type { SerializeValue } from './serialize-values';

/** The router's answer, as the runtime needs it (the router's `RouteMatch` has this shape). */
export interface MatchedRoute {
  route: RouteEntity;
  service: ServiceEntity;
  uriCaptures: { named: Record<string, string>; unnamed: string[] };
  /** After strip_path, joined with the service path; no query. */
  upstreamPath: string;
}

export interface UpstreamTarget {
  scheme: ServiceProtocol;
  host: string;
  port: number;
  /** The request URI path sent upstream (`ngx.var.upstream_uri` without the query). */
  path: string;
  /** An explicit Host set by a plugin (`set_header('Host', …)`), else decided by preserve_host. */
  hostHeader?: string;
}

export interface BufferedResponse {
  status: number;
  headers: HeaderMap;
  body: Buffer;
}

/** What `kong.response.exit` / `kong.response.error` (or the gateway itself) answers with. */
export interface ExitResponse {
  status: number;
  body: Buffer;
  headers: HeaderMap;
}

export interface RequestTimings {
  /** ms since the epoch, when the request arrived. */
  startedAt: number;
  /** performance.now() values. */
  start: number;
  upstreamStart?: number;
  upstreamEnd?: number;
  end?: number;
}

export interface RequestContext {
  id: string;
  timings: RequestTimings;
  clientIp: string;
  /** The port the gateway listens on (`kong.request.get_port`). */
  serverPort: number;
  scheme: 'http' | 'https';
  /** Host header without port, lower case (`kong.request.get_host`). */
  host: string;
  httpVersion: string;
  /** The request URI as received, path and query (`request_uri`). */
  requestUri: string;
  /** Path as received, undecoded. */
  rawPath: string;
  /** Size of what the client sent: request line, headers and body (`request_length`). */
  requestSize: number;
  method: string;
  headers: HeaderMap;
  rawQuery: string;
  body: Buffer;
  match?: MatchedRoute;
  upstream?: UpstreamTarget;
  serviceResponse?: BufferedResponse;
  /** The downstream response being built (status and headers Kong would send). */
  response: { status?: number; headers: HeaderMap };
  exit?: ExitResponse;
  /** Bytes sent to the client, once the answer is out (`bytes_sent`). */
  bytesSent?: number;
  /** Set once the request was proxied (Kong's `KONG_PROXIED`): decides the latency headers. */
  proxied: boolean;
  /** Kong's phase now: the plugin phases, and header_filter once the answer is being sent. */
  phase: Phase | 'header_filter';
  /** Name of the plugin whose phase is running (log namespace). */
  currentPlugin?: string;
  ctxShared: Map<string, unknown>;
  ngxCtx: Map<string, unknown>;
  serializeValues: SerializeValue[];
}

export interface IncomingRequestFacts {
  id: string;
  clientIp: string;
  serverPort: number;
  method: string;
  url: string;
  httpVersion: string;
  rawHeaders: readonly string[];
  body: Buffer;
  startedAt: number;
  start: number;
}

/** Host header without port, lower case; IPv6 literals keep their brackets. */
export function hostWithoutPort(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function requestLength(facts: IncomingRequestFacts): number {
  let size = `${facts.method} ${facts.url} HTTP/${facts.httpVersion}\r\n`.length + 2;
  for (let i = 0; i + 1 < facts.rawHeaders.length; i += 2) size += facts.rawHeaders[i]!.length + facts.rawHeaders[i + 1]!.length + 4;
  return size + facts.body.length;
}

export function createRequestContext(facts: IncomingRequestFacts): RequestContext {
  const q = facts.url.indexOf('?');
  const headers = HeaderMap.fromRaw(facts.rawHeaders);
  return {
    id: facts.id,
    timings: { startedAt: facts.startedAt, start: facts.start },
    clientIp: facts.clientIp,
    serverPort: facts.serverPort,
    scheme: 'http',
    host: hostWithoutPort(headers.get('host')),
    httpVersion: facts.httpVersion,
    requestUri: facts.url,
    rawPath: q < 0 ? facts.url : facts.url.slice(0, q),
    requestSize: requestLength(facts),
    method: facts.method.toUpperCase(),
    headers,
    rawQuery: q < 0 ? '' : facts.url.slice(q + 1),
    body: facts.body,
    response: { headers: new HeaderMap() },
    proxied: false,
    phase: 'rewrite',
    ctxShared: new Map(),
    ngxCtx: new Map(),
    serializeValues: [],
  };
}

/** Points the context at the matched route's service (Kong's balancer data + `upstream_uri`). */
export function attachRoute(ctx: RequestContext, match: MatchedRoute): void {
  ctx.match = match;
  ctx.upstream = {
    scheme: match.service.protocol,
    host: match.service.host,
    port: match.service.port,
    path: match.upstreamPath,
  };
}

/**
 * The way of one request through the gateway, as Kong's runloop does it for external plugins:
 * route → access (plugins by priority; an exit answers at once) → proxy (buffered whole when a
 * plugin has a `response` phase, as Kong's `ngx.location.capture`) → response → send → log line →
 * log phase.
 * @see https://github.com/Kong/kong/blob/master/kong/init.lua (Kong.access, Kong.response)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { PluginEntity, RouteEntity, ServiceEntity } from '../declarative/types';
import { requestId } from '../stable-id';
import { buildLogEntry, type LogSink } from './access-log';
import type { HeaderMap } from './header-map';
import { NO_ROUTE_MESSAGE } from './kong-errors';
import { gatewayError } from './pdk/response';
import { hasPhase, orderPlugins, runChainPhase, type ChainLink, type ChainRunner } from './plugin-chain';
import { readWhole, sendUpstream, UpstreamFailure, type UpstreamAgents, type UpstreamAnswer } from './proxy';
import { attachRoute, createRequestContext, type MatchedRoute, type RequestContext } from './request-context';
import { addKongHeaders, sendStreamed, sendWhole, type GatewayIdentity } from './send';

/** The router as the runtime uses it (the router module's `Router` fits). */
export interface RouteMatcher {
  match(req: { method: string; host: string; path: string; port?: number }): MatchedRoute | undefined;
}

export interface GatewayRuntime {
  router: RouteMatcher;
  pluginsFor(route: RouteEntity, service: ServiceEntity): PluginEntity[];
  chain: ChainRunner;
  agents: UpstreamAgents;
  sink: LogSink;
  identity: GatewayIdentity;
  /** Problems of the gateway itself (a log line that could not be built, a failed log phase). */
  warn(message: string): void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Lays the service's headers over those plugins set in access (`kong.response.set_headers(res.header)`). */
function overlayServiceHeaders(ctx: RequestContext, headers: HeaderMap): void {
  for (const [name, values] of headers.toPairs()) ctx.response.headers.set(name, values);
}

/** The service could not be reached or timed out: Kong's 502 / 504, answered by the gateway. */
function answerUpstreamFailure(runtime: GatewayRuntime, ctx: RequestContext, res: ServerResponse, err: unknown): number {
  if (!(err instanceof UpstreamFailure)) throw err;
  ctx.timings.upstreamEnd = performance.now();
  ctx.proxied = false;
  ctx.exit = gatewayError(ctx, err.kind === 'timeout' ? 504 : 502);
  return sendExit(runtime, ctx, res);
}

/** No plugin has a response phase: the service's answer streams through as it comes. */
function proxyStreamed(runtime: GatewayRuntime, ctx: RequestContext, res: ServerResponse, answer: UpstreamAnswer): Promise<number> {
  ctx.timings.upstreamEnd = performance.now();
  ctx.response.status = answer.status;
  overlayServiceHeaders(ctx, answer.headers);
  addKongHeaders(ctx, ctx.response.headers, runtime.identity, performance.now());
  return sendStreamed(res, ctx, answer.status, ctx.response.headers, answer.body);
}

/** Kong's buffered proxying: the whole answer is read, the response phase runs, then it is sent. */
async function proxyBuffered(
  runtime: GatewayRuntime,
  chain: readonly ChainLink[],
  ctx: RequestContext,
  res: ServerResponse,
  answer: UpstreamAnswer,
): Promise<number> {
  let body: Buffer;
  try {
    body = await readWhole(answer.body);
  } catch (err) {
    return proxyFailureBuffered(runtime, chain, ctx, res, err);
  }
  return respondBuffered(runtime, chain, ctx, res, answer.status, answer.headers, body);
}

/**
 * Under buffered proxying a connection failure or timeout is the subrequest's answer: Kong's own
 * 502 / 504 error body, which the response phase sees like any service answer (only a truncated
 * capture skips the plugins in Kong.response).
 */
function proxyFailureBuffered(runtime: GatewayRuntime, chain: readonly ChainLink[], ctx: RequestContext, res: ServerResponse, err: unknown): Promise<number> {
  if (!(err instanceof UpstreamFailure)) throw err;
  const failure = gatewayError(ctx, err.kind === 'timeout' ? 504 : 502);
  return respondBuffered(runtime, chain, ctx, res, failure.status, failure.headers, failure.body);
}

/** Runs the response phase over a whole service answer, then sends what it left. */
async function respondBuffered(
  runtime: GatewayRuntime,
  chain: readonly ChainLink[],
  ctx: RequestContext,
  res: ServerResponse,
  status: number,
  headers: HeaderMap,
  body: Buffer,
): Promise<number> {
  ctx.timings.upstreamEnd = performance.now();
  ctx.serviceResponse = { status, headers, body };
  ctx.response.status = status;
  overlayServiceHeaders(ctx, headers);
  await runChainPhase(runtime.chain, chain, 'response', ctx);
  ctx.phase = 'header_filter';
  if (ctx.exit) return sendExit(runtime, ctx, res);
  addKongHeaders(ctx, ctx.response.headers, runtime.identity, performance.now());
  return sendWhole(res, ctx, ctx.response.status, ctx.response.headers, body);
}

async function proxy(runtime: GatewayRuntime, chain: readonly ChainLink[], ctx: RequestContext, res: ServerResponse): Promise<number> {
  const service = ctx.match!.service;
  ctx.proxied = true;
  ctx.timings.upstreamStart = performance.now();
  const buffered = chain.some((link) => hasPhase(link, 'response'));
  let answer: UpstreamAnswer;
  try {
    answer = await sendUpstream(runtime.agents.get(service.connect_timeout, service.tls_verify !== false), ctx, {
      connectMs: service.connect_timeout,
      readMs: service.read_timeout,
    });
  } catch (err) {
    return buffered ? proxyFailureBuffered(runtime, chain, ctx, res, err) : answerUpstreamFailure(runtime, ctx, res, err);
  }
  return buffered ? proxyBuffered(runtime, chain, ctx, res, answer) : proxyStreamed(runtime, ctx, res, answer);
}

function sendExit(runtime: GatewayRuntime, ctx: RequestContext, res: ServerResponse): number {
  const exit = ctx.exit!;
  addKongHeaders(ctx, exit.headers, runtime.identity, performance.now());
  return sendWhole(res, ctx, exit.status, exit.headers, exit.body);
}

function writeLogLine(runtime: GatewayRuntime, ctx: RequestContext, res: ServerResponse, size: number): void {
  const status = ctx.exit?.status ?? res.statusCode;
  const headers = ctx.exit?.headers ?? ctx.response.headers;
  try {
    runtime.sink.write(buildLogEntry(ctx, { status, headers, size }, performance.now()));
  } catch (err) {
    // A bad serialize value (Kong raises it in the log phase): keep the line, without them.
    runtime.warn(`request ${ctx.id}: ${err instanceof Error ? err.message : String(err)}`);
    runtime.sink.write(buildLogEntry({ ...ctx, serializeValues: [] }, { status, headers, size }, performance.now()));
  }
}

async function handle(runtime: GatewayRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = Date.now();
  const start = performance.now();
  const body = await readBody(req);
  const ctx = createRequestContext({
    id: requestId(),
    clientIp: req.socket.remoteAddress ?? '',
    serverPort: req.socket.localPort ?? 0,
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    httpVersion: req.httpVersion,
    rawHeaders: req.rawHeaders,
    body,
    startedAt,
    start,
  });

  const match = runtime.router.match({ method: ctx.method, host: ctx.headers.get('host') ?? '', path: ctx.requestUri, port: ctx.serverPort });
  let chain: ChainLink[] = [];
  let size: number;
  if (!match) {
    ctx.exit = gatewayError(ctx, 404, NO_ROUTE_MESSAGE);
    size = sendExit(runtime, ctx, res);
  } else {
    attachRoute(ctx, match);
    if (match.route.preserve_host) ctx.upstream!.hostHeader = ctx.headers.get('host');
    chain = orderPlugins(runtime.pluginsFor(match.route, match.service), runtime.chain.client.plugins());
    await runChainPhase(runtime.chain, chain, 'access', ctx);
    size = ctx.exit ? sendExit(runtime, ctx, res) : await proxy(runtime, chain, ctx, res);
  }
  ctx.timings.end = performance.now();
  ctx.bytesSent = size;
  writeLogLine(runtime, ctx, res, size);
  if (chain.some((link) => hasPhase(link, 'log'))) await runChainPhase(runtime.chain, chain, 'log', ctx);
}

/** The gateway's request listener; its promise settles (never rejects) when the request is fully done, log phase included. */
export function createRequestHandler(runtime: GatewayRuntime): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return (req, res) =>
    handle(runtime, req, res).catch((err: unknown) => {
      runtime.warn(`request failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end('{"message":"An unexpected error occurred"}');
      } else {
        res.destroy();
      }
    });
}

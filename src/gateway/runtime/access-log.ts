/**
 * One JSON line per request in the shape of Kong's `kong.log.serialize()` (what file-log writes),
 * with the values plugins set through `kong.log.set_serialize_value`, and credential headers redacted.
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/log.lua (serialize)
 */
import fs from 'node:fs';
import { parseQuery } from './query';
import type { HeaderMap } from './header-map';
import { upstreamUri } from './proxy';
import type { RequestContext } from './request-context';
import { applySerializeValues, type JsonObject } from './serialize-values';

/** Request headers whose values never reach a log (Kong redacts the first two itself). */
export const REDACTED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'api-key', 'x-api-key']);

export interface SentResponse {
  status: number;
  headers: HeaderMap;
  /** Bytes sent to the client, headers included (`bytes_sent`). */
  size: number;
}

export interface Latencies {
  /** Time spent in the gateway itself (ms). */
  kong: number;
  /** Time waiting for the service, -1 when not proxied (ms). */
  proxy: number;
  /** Whole request (ms). */
  request: number;
}

export function latenciesOf(ctx: RequestContext, now: number): Latencies {
  const request = Math.round(now - ctx.timings.start);
  const { upstreamStart, upstreamEnd } = ctx.timings;
  if (upstreamStart === undefined || upstreamEnd === undefined) return { kong: request, proxy: -1, request };
  const proxy = Math.round(upstreamEnd - upstreamStart);
  return { kong: Math.max(0, request - proxy), proxy, request };
}

/**
 * Header and query names that carry credentials in some API (`x-goog-api-key`, `?key=`, `?apikey=`,
 * `access_token`, AWS's `X-Amz-Signature`, a custom `x-custom-key` header …).
 */
const SECRET_NAME = /(authorization|cookie|api[-_]?key|(^|[-_])key$|token|secret|password|signature|(^|[-_])sig$|credential)/i;

export function isSecretName(name: string): boolean {
  return REDACTED_HEADERS.has(name.toLowerCase()) || SECRET_NAME.test(name);
}

function redactedHeaders(headers: HeaderMap): JsonObject {
  const table: JsonObject = headers.toKongTable();
  for (const name of Object.keys(table)) if (isSecretName(name)) table[name] = 'REDACTED';
  return table;
}

function redactedQuery(rawQuery: string): JsonObject {
  const args: JsonObject = parseQuery(rawQuery);
  for (const name of Object.keys(args)) if (isSecretName(name)) args[name] = 'REDACTED';
  return args;
}

/** A URI with the values of its credential query args replaced (a query credential must not reach the log). */
function redactedUri(uri: string): string {
  const q = uri.indexOf('?');
  if (q < 0) return uri;
  const pairs = uri
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // keep the raw name
      }
      return eq >= 0 && isSecretName(decoded) ? `${name}=REDACTED` : pair;
    });
  return `${uri.slice(0, q)}?${pairs.join('&')}`;
}

/** Kong's `response.get_source()` names: who produced the answer. */
function responseSource(ctx: RequestContext): string {
  if (!ctx.exit) return 'service';
  const upstreamFailed = ctx.timings.upstreamStart !== undefined && ctx.serviceResponse === undefined;
  return upstreamFailed ? 'error' : 'exit';
}

/** The log entry of a finished request. */
export function buildLogEntry(ctx: RequestContext, sent: SentResponse, now: number): JsonObject {
  const url = redactedUri(`${ctx.scheme}://${ctx.host}:${ctx.serverPort}${ctx.requestUri}`);
  const entry: JsonObject = {
    request: {
      id: ctx.id,
      uri: redactedUri(ctx.requestUri),
      url,
      querystring: redactedQuery(ctx.rawQuery),
      method: ctx.method,
      headers: redactedHeaders(ctx.headers),
      size: ctx.requestSize,
    },
    upstream_uri: ctx.upstream && ctx.proxied ? redactedUri(upstreamUri(ctx, ctx.upstream)) : '',
    upstream_status: ctx.serviceResponse ? String(ctx.serviceResponse.status) : '',
    response: {
      status: sent.status,
      headers: sent.headers.toKongTable(),
      size: sent.size,
    },
    latencies: latenciesOf(ctx, now),
    client_ip: ctx.clientIp,
    started_at: ctx.timings.startedAt,
    source: responseSource(ctx),
  };
  if (ctx.match) {
    entry.route = { ...ctx.match.route };
    entry.service = { ...ctx.match.service };
  }
  return applySerializeValues(entry, ctx.serializeValues);
}

/**
 * `kong.log.serialize()` for a plugin: the entry as it stands now (in the log phase, the whole
 * answer; earlier, what is known so far).
 */
export function serializeNow(ctx: RequestContext, now: number): JsonObject {
  const headers = ctx.exit?.headers ?? ctx.response.headers;
  return buildLogEntry(ctx, { status: ctx.exit?.status ?? ctx.response.status ?? 0, headers, size: ctx.bytesSent ?? 0 }, now);
}

export interface LogSink {
  write(entry: JsonObject): void;
  close(): Promise<void>;
}

export function stdoutSink(): LogSink {
  return {
    write: (entry) => void process.stdout.write(`${JSON.stringify(entry)}\n`),
    close: async () => undefined,
  };
}

/**
 * Appends to `file`. The file is opened at once, so a path that cannot be written fails start-up;
 * a later write error goes to `onError` instead of crashing the gateway.
 */
export function fileSink(file: string, onError: (err: Error) => void): LogSink {
  const fd = fs.openSync(file, 'a');
  const stream = fs.createWriteStream(file, { fd });
  stream.on('error', onError);
  return {
    write: (entry) => void stream.write(`${JSON.stringify(entry)}\n`),
    close: () => new Promise<void>((resolve) => stream.end(resolve)),
  };
}

/** Keeps entries in an array the caller holds (tests read it). */
export function memorySink(entries: JsonObject[]): LogSink {
  return {
    write: (entry) => void entries.push(entry),
    close: async () => undefined,
  };
}

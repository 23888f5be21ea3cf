/**
 * `kong.request.*`: the client's request, as plugins may have changed it. Results have the
 * shapes of Kong's Lua PDK; the plugin-server client applies the wire fixes of Kong's msgpack
 * bridge (multi-map values as arrays, raw bodies as binary).
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/request.lua
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/plugin_servers/rpc/mp_rpc.lua (must_fix)
 */
import { MAX_HEADERS_LIMIT } from '../header-map';
import { normalizePath } from '../path-normalize';
import { DEFAULT_MAX_QUERY_ARGS, parseQuery } from '../query';
import type { RequestContext } from '../request-context';
import { optionalLimit, requireString } from './args';
import type { PdkTable } from './types';

const MAX_QUERY_ARGS_LIMIT = 1000;

/** `kong.request.get_body()` for the types Kong decodes; the rest is Kong's error text. */
export function decodeRequestBody(ctx: RequestContext, mimetype: unknown): unknown {
  const contentType = typeof mimetype === 'string' ? mimetype : ctx.headers.get('content-type');
  if (contentType === undefined) throw new Error('missing content type');
  const base = contentType.toLowerCase().split(';', 1)[0]!.trim();
  if (base.startsWith('application/x-www-form-urlencoded')) return parseQuery(ctx.body.toString('utf8'), DEFAULT_MAX_QUERY_ARGS);
  if (base.startsWith('application/json')) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(ctx.body.toString('utf8'));
    } catch {
      throw new Error('invalid json body');
    }
    if (typeof decoded !== 'object' || decoded === null) throw new Error('invalid json body');
    return decoded;
  }
  throw new Error(`unsupported content type '${contentType}'`);
}

export const requestMethods: PdkTable = {
  'kong.request.get_id': (ctx) => ctx.id,
  'kong.request.get_scheme': (ctx) => ctx.scheme,
  'kong.request.get_host': (ctx) => ctx.host,
  'kong.request.get_port': (ctx) => ctx.serverPort,
  'kong.request.get_forwarded_scheme': (ctx) => ctx.scheme,
  'kong.request.get_forwarded_host': (ctx) => ctx.host,
  'kong.request.get_forwarded_port': (ctx) => ctx.serverPort,
  'kong.request.get_http_version': (ctx) => Number(ctx.httpVersion),
  'kong.request.get_method': (ctx) => ctx.method,
  'kong.request.get_path': (ctx) => normalizePath(ctx.rawPath),
  'kong.request.get_raw_path': (ctx) => ctx.rawPath,
  'kong.request.get_path_with_query': (ctx) => (ctx.rawQuery === '' ? ctx.rawPath : `${ctx.rawPath}?${ctx.rawQuery}`),
  'kong.request.get_raw_query': (ctx) => ctx.rawQuery,
  'kong.request.get_start_time': (ctx) => ctx.timings.startedAt,
  'kong.request.get_query': (ctx, [max]) =>
    parseQuery(ctx.rawQuery, optionalLimit(max, 'max_args', 1, MAX_QUERY_ARGS_LIMIT)),
  'kong.request.get_query_arg': (ctx, [name]) => {
    const value = parseQuery(ctx.rawQuery)[requireString(name, 'query argument name')];
    return Array.isArray(value) ? value[0] : value;
  },
  'kong.request.get_header': (ctx, [name]) => ctx.headers.get(requireString(name, 'header name')),
  'kong.request.get_headers': (ctx, [max]) =>
    ctx.headers.toKongTable(optionalLimit(max, 'max_headers', 1, MAX_HEADERS_LIMIT)),
  'kong.request.get_raw_body': (ctx) => ctx.body,
  'kong.request.get_body': (ctx, [mimetype]) => decodeRequestBody(ctx, mimetype),
  'kong.request.get_uri_captures': (ctx) => ({
    unnamed: ctx.match?.uriCaptures.unnamed ?? [],
    named: ctx.match?.uriCaptures.named ?? {},
  }),
  'kong.client.get_ip': (ctx) => ctx.clientIp,
  'kong.client.get_forwarded_ip': (ctx) => ctx.clientIp,
};

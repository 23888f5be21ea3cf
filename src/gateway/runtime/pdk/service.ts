/**
 * `kong.service.*`: where the request goes and what it carries (access phase), and the buffered
 * answer of the service (response phase).
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/service.lua
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/service/request.lua
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/service/response.lua
 */
import { MAX_HEADERS_LIMIT } from '../header-map';
import { encodeQuery } from '../query';
import type { BufferedResponse, RequestContext, UpstreamTarget } from '../request-context';
import { headerTable, headerValues, isTable, optionalLimit, requireBytes, requireString } from './args';
import type { PdkTable } from './types';

const ACCEPTED_METHODS = new Set([
  'GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'MKCOL', 'COPY', 'MOVE', 'PROPFIND', 'PROPPATCH', 'LOCK', 'UNLOCK', 'PATCH', 'TRACE',
]);

function upstreamOf(ctx: RequestContext): UpstreamTarget {
  if (!ctx.upstream) throw new Error('no service to proxy to: the request matched no route');
  return ctx.upstream;
}

function serviceResponseOf(ctx: RequestContext): BufferedResponse | undefined {
  return ctx.serviceResponse;
}

/** Kong escapes the path it is given (a `?` or `#` stays part of the path); escapes already there are kept. */
function escapePath(path: string): string {
  return encodeURI(path)
    .replace(/%25([0-9a-fA-F]{2})/g, '%$1')
    .replace(/\?/g, '%3F')
    .replace(/#/g, '%23');
}

function setRequestHeader(ctx: RequestContext, name: unknown, value: unknown): void {
  const header = headerValues(name, value);
  if (header.name.toLowerCase() === 'host') upstreamOf(ctx).hostHeader = header.values[0];
  ctx.headers.set(header.name, header.values);
}

/** The encoders of `set_body(args, mime)` by media type. */
function encodeBody(args: Record<string, unknown>, mime: string): { body: string; contentType: string } {
  const base = mime.split(';', 1)[0]!.trim().toLowerCase();
  switch (base) {
    case 'application/json':
      return { body: JSON.stringify(args), contentType: mime };
    case 'application/x-www-form-urlencoded':
      return { body: encodeQuery(args), contentType: mime };
    default:
      throw new Error(`unsupported content type ${mime}`);
  }
}

export const serviceMethods: PdkTable = {
  'kong.service.set_target': (ctx, [host, port]) => {
    requireString(host, 'host');
    if (typeof port !== 'number' || !Number.isInteger(port)) throw new Error('port must be an integer');
    if (port < 0 || port > 65535) throw new Error(`port must be an integer between 0 and 65535: given ${port}`);
    const upstream = upstreamOf(ctx);
    upstream.host = host as string;
    upstream.port = port;
    // Kong sets `upstream_host` to the new host: it becomes the Host header.
    upstream.hostHeader = host as string;
  },

  'kong.service.request.set_scheme': (ctx, [scheme]) => {
    requireString(scheme, 'scheme');
    if (scheme !== 'http' && scheme !== 'https') throw new Error(`invalid scheme: ${String(scheme)}`);
    upstreamOf(ctx).scheme = scheme;
  },
  'kong.service.request.set_path': (ctx, [path]) => {
    if (!requireString(path, 'path').startsWith('/')) throw new Error('path must start with /');
    upstreamOf(ctx).path = escapePath(path as string);
  },
  'kong.service.request.set_raw_query': (ctx, [query]) => {
    ctx.rawQuery = requireString(query, 'query');
  },
  'kong.service.request.set_query': (ctx, [args]) => {
    if (!isTable(args)) throw new Error('args must be a table');
    ctx.rawQuery = encodeQuery(args);
  },
  'kong.service.request.set_method': (ctx, [method]) => {
    if (!ACCEPTED_METHODS.has(requireString(method, 'method'))) throw new Error(`invalid method: ${String(method)}`);
    ctx.method = method as string;
  },
  'kong.service.request.set_header': (ctx, [name, value]) => setRequestHeader(ctx, name, value),
  'kong.service.request.add_header': (ctx, [name, value]) => {
    const header = headerValues(name, value);
    if (header.name.toLowerCase() === 'host') upstreamOf(ctx).hostHeader = header.values[0];
    for (const v of header.values) ctx.headers.add(header.name, v);
  },
  'kong.service.request.set_headers': (ctx, [headers]) => {
    for (const { name, values } of headerTable(headers)) setRequestHeader(ctx, name, values);
  },
  'kong.service.request.clear_header': (ctx, [name]) => {
    ctx.headers.delete(requireString(name, 'header'));
  },
  'kong.service.request.set_raw_body': (ctx, [body]) => {
    ctx.body = requireBytes(body, 'body');
    // ngx.req.set_body_data: the length goes with the body (recomputed when proxying).
  },
  'kong.service.request.set_body': (ctx, [args, mime]) => {
    if (!isTable(args)) throw new Error('args must be a table');
    if (mime !== undefined && mime !== null && typeof mime !== 'string') throw new Error('mime must be a string');
    const contentType = typeof mime === 'string' ? mime : ctx.headers.get('content-type');
    if (contentType === undefined) {
      throw new Error('content type was neither explicitly given as an argument or received as a header');
    }
    const encoded = encodeBody(args, contentType);
    ctx.body = Buffer.from(encoded.body, 'utf8');
    ctx.headers.set('Content-Type', encoded.contentType);
    return true;
  },

  'kong.service.response.get_status': (ctx) => serviceResponseOf(ctx)?.status,
  'kong.service.response.get_headers': (ctx, [max]) => {
    const response = serviceResponseOf(ctx);
    if (!response) return undefined;
    return response.headers.toKongTable(optionalLimit(max, 'max_headers', 1, MAX_HEADERS_LIMIT));
  },
  'kong.service.response.get_header': (ctx, [name]) => serviceResponseOf(ctx)?.headers.get(requireString(name, 'header name')),
  'kong.service.response.get_raw_body': (ctx) => serviceResponseOf(ctx)?.body,
};

/**
 * `kong.response.*`: the answer to the client. `exit` / `error` record the answer in the context;
 * the gateway sends it once the phase is over (Kong's `delay_response` in access).
 * @see https://github.com/Kong/kong/blob/master/kong/pdk/response.lua (exit, error, send)
 */
import { errorBody, errorContentType, errorMessageFor } from '../kong-errors';
import { HeaderMap, MAX_HEADERS_LIMIT } from '../header-map';
import type { ExitResponse, RequestContext } from '../request-context';
import { headerTable, headerValues, isTable, optionalLimit, requireString } from './args';
import type { PdkTable } from './types';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

function checkExitPhase(ctx: RequestContext, method: string): void {
  if (ctx.phase !== 'rewrite' && ctx.phase !== 'access' && ctx.phase !== 'response' && ctx.phase !== 'header_filter') {
    throw new Error(`${method} cannot be called in the ${ctx.phase} phase`);
  }
  if (ctx.exit) throw new Error('headers have already been sent');
}

function checkStatus(status: unknown, min: number): number {
  if (typeof status !== 'number') throw new Error('code must be a number');
  if (status < min || status > 599) throw new Error(`code must be a number between ${min} and 599`);
  return status;
}

/** Lays the exit headers over the headers already set, as `ngx.header[name] = value` does. */
function overlay(base: HeaderMap, headers: unknown): { headers: HeaderMap; hasContentType: boolean } {
  const result = base.clone();
  let hasContentType = false;
  if (headers === undefined || headers === null) return { headers: result, hasContentType };
  for (const { name, values } of headerTable(headers)) {
    const lower = name.toLowerCase().replace(/_/g, '-');
    if (lower === 'transfer-encoding') continue; // Kong ignores it, with a warning
    if (lower === 'content-type') hasContentType = true;
    result.set(name, values);
  }
  return { headers: result, hasContentType };
}

/** `kong.response.exit(status, body?, headers?)`: a table body is sent as JSON. */
export function exitResponse(ctx: RequestContext, status: unknown, body: unknown, headers: unknown): ExitResponse {
  const code = checkStatus(status, 100);
  if (headers !== undefined && headers !== null && !isTable(headers)) throw new Error('headers must be a nil or table');
  const laid = overlay(ctx.response.headers, headers);
  let bytes: Buffer;
  if (body === undefined || body === null) {
    bytes = Buffer.alloc(0);
  } else if (typeof body === 'string') {
    bytes = Buffer.from(body, 'utf8');
  } else if (body instanceof Uint8Array) {
    bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  } else if (typeof body === 'object') {
    bytes = Buffer.from(JSON.stringify(body), 'utf8');
    if (!laid.hasContentType) laid.headers.set('Content-Type', JSON_CONTENT_TYPE);
  } else {
    throw new Error('body must be a nil, string or table');
  }
  return { status: code, body: bytes, headers: laid.headers };
}

/**
 * `kong.response.error(status, message?, headers?)`: Kong's error template, typed by Accept, over
 * the response headers set so far (`base`; a fresh map for the gateway's own errors).
 */
export function errorResponse(
  ctx: RequestContext,
  status: unknown,
  message: unknown,
  headers: unknown,
  base: HeaderMap = ctx.response.headers,
): ExitResponse {
  const code = checkStatus(status, 400);
  let text: string | undefined;
  if (message !== undefined && message !== null) {
    if (isTable(message) || Array.isArray(message)) text = JSON.stringify(message);
    else if (typeof message === 'string') text = message;
    else throw new Error('message must be a nil, a string or a table');
  }
  if (headers !== undefined && headers !== null && !isTable(headers)) throw new Error('headers must be a nil or table');
  const laid = overlay(base, headers);
  const contentType = laid.hasContentType ? laid.headers.get('content-type')! : errorContentType(ctx.headers.get('accept'));
  laid.headers.set('Content-Type', contentType);
  const body = errorBody(contentType, text ?? errorMessageFor(code), ctx.id);
  return { status: code, body: Buffer.from(body, 'utf8'), headers: laid.headers };
}

/** An answer of the gateway itself (no route, upstream failure, plugin-server failure). */
export function gatewayError(ctx: RequestContext, status: number, message?: string): ExitResponse {
  return errorResponse(ctx, status, message, undefined, new HeaderMap());
}

function currentStatus(ctx: RequestContext): number | undefined {
  return ctx.exit?.status ?? ctx.response.status;
}

export const responseMethods: PdkTable = {
  'kong.response.exit': (ctx, [status, body, headers]) => {
    checkExitPhase(ctx, 'kong.response.exit');
    ctx.exit = exitResponse(ctx, status, body, headers);
  },
  'kong.response.error': (ctx, [status, message, headers]) => {
    checkExitPhase(ctx, 'kong.response.error');
    ctx.exit = errorResponse(ctx, status, message, headers);
  },
  'kong.response.get_status': (ctx) => currentStatus(ctx),
  'kong.response.get_source': (ctx) => (ctx.exit ? 'exit' : ctx.proxied ? 'service' : 'error'),
  'kong.response.get_header': (ctx, [name]) => (ctx.exit?.headers ?? ctx.response.headers).get(requireString(name, 'header name')),
  'kong.response.get_headers': (ctx, [max]) =>
    (ctx.exit?.headers ?? ctx.response.headers).toKongTable(optionalLimit(max, 'max_headers', 1, MAX_HEADERS_LIMIT)),
  'kong.response.set_status': (ctx, [status]) => {
    ctx.response.status = checkStatus(status, 100);
  },
  'kong.response.set_header': (ctx, [name, value]) => {
    const header = headerValues(name, value);
    ctx.response.headers.set(header.name, header.values);
  },
  'kong.response.add_header': (ctx, [name, value]) => {
    const header = headerValues(name, value);
    for (const v of header.values) ctx.response.headers.add(header.name, v);
  },
  'kong.response.clear_header': (ctx, [name]) => {
    ctx.response.headers.delete(requireString(name, 'header name'));
  },
  'kong.response.set_headers': (ctx, [headers]) => {
    for (const { name, values } of headerTable(headers)) ctx.response.headers.set(name, values);
  },
};

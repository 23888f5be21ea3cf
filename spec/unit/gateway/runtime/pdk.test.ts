import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPdkHandler } from '../../../../src/gateway/runtime/pdk/dispatch';
import type { PdkEnvironment } from '../../../../src/gateway/runtime/pdk/types';
import type { RequestContext } from '../../../../src/gateway/runtime/request-context';
import { HeaderMap } from '../../../../src/gateway/runtime/header-map';
import { contextFor } from './helpers';

function pdkFor(ctx: RequestContext, logged: string[] = []) {
  const env: PdkEnvironment = {
    pluginLog: (level, _ctx, message) => void logged.push(`${level}:${message}`),
    serialize: () => ({ request: { id: ctx.id } }),
  };
  const handler = createPdkHandler(ctx, env);
  return (method: string, ...args: unknown[]) => handler(method, args);
}

test('kong.request.*: method, path, query, host, port, scheme, captures, body', () => {
  const ctx = contextFor('post', '/api/./v1//chat?x=1&x=2&flag', ['Host', 'GW.test:8000', 'Content-Type', 'application/json'], '{"a":1}');
  const call = pdkFor(ctx);
  assert.equal(call('kong.request.get_method'), 'POST');
  assert.equal(call('kong.request.get_path'), '/api/v1/chat');
  assert.equal(call('kong.request.get_raw_path'), '/api/./v1//chat');
  assert.equal(call('kong.request.get_raw_query'), 'x=1&x=2&flag');
  assert.deepEqual(call('kong.request.get_query'), { x: ['1', '2'], flag: true });
  assert.equal(call('kong.request.get_host'), 'gw.test');
  assert.equal(call('kong.request.get_port'), 8000);
  assert.equal(call('kong.request.get_scheme'), 'http');
  assert.deepEqual(call('kong.request.get_uri_captures'), { unnamed: ['/api/v1', 'v1'], named: { version: 'v1' } });
  assert.deepEqual(call('kong.request.get_raw_body'), Buffer.from('{"a":1}'));
  assert.deepEqual(call('kong.request.get_body'), { a: 1 });
  assert.equal(call('kong.request.get_id'), ctx.id);
});

test('kong.request.get_headers: lower-case names, repeats as arrays, max_headers checked', () => {
  const ctx = contextFor('GET', '/api', ['Host', 'h', 'X-Multi', 'a', 'x-multi', 'b', 'Authorization', 'Bearer t']);
  const call = pdkFor(ctx);
  assert.deepEqual(call('kong.request.get_headers'), { host: 'h', 'x-multi': ['a', 'b'], authorization: 'Bearer t' });
  assert.equal(call('kong.request.get_header', 'X-MULTI'), 'a');
  assert.equal(call('kong.request.get_header', 'missing'), undefined);
  assert.throws(() => call('kong.request.get_headers', 0), /max_headers must be >= 1/);
  assert.throws(() => call('kong.request.get_headers', 'x'), /max_headers must be a number/);
});

test('kong.service.request.*: changes what goes upstream, and what kong.request then reads', () => {
  const ctx = contextFor('POST', '/api/chat?old=1', ['Host', 'h', 'Content-Type', 'text/plain']);
  const call = pdkFor(ctx);
  call('kong.service.set_target', 'other.test', 9443);
  call('kong.service.request.set_scheme', 'https');
  call('kong.service.request.set_path', '/v1/chat completions');
  call('kong.service.request.set_query', { b: '2', a: '1' });
  call('kong.service.request.set_method', 'PUT');
  call('kong.service.request.set_headers', { 'X-One': '1', 'X-Many': ['a', 'b'], 'X-Num': 5 });
  call('kong.service.request.set_header', 'Authorization', 'Bearer secret');
  call('kong.service.request.clear_header', 'content-type');
  call('kong.service.request.set_raw_body', new Uint8Array([104, 105]));
  assert.deepEqual(ctx.upstream, { scheme: 'https', host: 'other.test', port: 9443, path: '/v1/chat%20completions', hostHeader: 'other.test' });
  assert.equal(call('kong.request.get_raw_query'), 'a=1&b=2');
  assert.equal(call('kong.request.get_method'), 'PUT');
  assert.equal(call('kong.request.get_header', 'x-num'), '5');
  assert.deepEqual(ctx.headers.getAll('x-many'), ['a', 'b']);
  assert.equal(ctx.headers.has('content-type'), false);
  assert.equal(ctx.body.toString(), 'hi');
  assert.equal(call('kong.service.request.set_body', { q: 'x y' }, 'application/x-www-form-urlencoded'), true);
  assert.equal(ctx.body.toString(), 'q=x%20y');
  assert.equal(ctx.headers.get('content-type'), 'application/x-www-form-urlencoded');
});

test("kong.service.*: Kong's argument errors", () => {
  const call = pdkFor(contextFor('GET', '/api'));
  assert.throws(() => call('kong.service.set_target', 'h', 1.5), /port must be an integer/);
  assert.throws(() => call('kong.service.set_target', 'h', 70000), /between 0 and 65535/);
  assert.throws(() => call('kong.service.request.set_scheme', 'ftp'), /invalid scheme: ftp/);
  assert.throws(() => call('kong.service.request.set_path', 'no-slash'), /path must start with \//);
  assert.throws(() => call('kong.service.request.set_method', 'FETCH'), /invalid method: FETCH/);
  assert.throws(() => call('kong.service.request.set_header', 'X', { a: 1 }), /invalid header value for "X"/);
  assert.throws(() => call('kong.service.request.set_body', { a: 1 }), /content type was neither/);
  assert.throws(() => call('kong.service.request.set_body', { a: 1 }, 'text/csv'), /unsupported content type text\/csv/);
});

test('set_path escapes what would not stay in a path, and keeps escapes already there', () => {
  const ctx = contextFor('GET', '/api');
  pdkFor(ctx)('kong.service.request.set_path', '/a b/c%2Fd/q?x#y');
  assert.equal(ctx.upstream!.path, '/a%20b/c%2Fd/q%3Fx%23y');
});

test('Host header: set_header("Host") overrides the target host', () => {
  const ctx = contextFor('GET', '/api');
  pdkFor(ctx)('kong.service.request.set_header', 'host', 'virtual.test');
  assert.equal(ctx.upstream!.hostHeader, 'virtual.test');
});

test('kong.service.response.*: the buffered answer of the service', () => {
  const ctx = contextFor('GET', '/api');
  const call = pdkFor(ctx);
  assert.equal(call('kong.service.response.get_status'), undefined);
  ctx.serviceResponse = { status: 201, headers: HeaderMap.fromRaw(['Content-Type', 'application/json', 'Set-Cookie', 'a', 'Set-Cookie', 'b']), body: Buffer.from('{}') };
  assert.equal(call('kong.service.response.get_status'), 201);
  assert.deepEqual(call('kong.service.response.get_headers'), { 'content-type': 'application/json', 'set-cookie': ['a', 'b'] });
  assert.equal(call('kong.service.response.get_header', 'SET-COOKIE'), 'a');
  assert.deepEqual(call('kong.service.response.get_raw_body'), Buffer.from('{}'));
});

test('kong.response.exit: table body as JSON over the headers set so far', () => {
  const ctx = contextFor('GET', '/api');
  ctx.phase = 'access';
  const call = pdkFor(ctx);
  call('kong.response.set_header', 'X-Early', 'yes');
  call('kong.response.exit', 403, { message: 'no' }, { 'X-Why': 'test' });
  assert.equal(ctx.exit!.status, 403);
  assert.deepEqual(JSON.parse(ctx.exit!.body.toString()), { message: 'no' });
  assert.deepEqual(ctx.exit!.headers.toKongTable(), { 'x-early': 'yes', 'x-why': 'test', 'content-type': 'application/json; charset=utf-8' });
  assert.equal(call('kong.response.get_status'), 403);
  assert.throws(() => call('kong.response.exit', 200), /headers have already been sent/);
});

test('kong.response.exit: string bodies keep the given content type; bad input is refused', () => {
  const ctx = contextFor('GET', '/api');
  ctx.phase = 'response';
  const call = pdkFor(ctx);
  assert.throws(() => call('kong.response.exit', 99), /between 100 and 599/);
  assert.throws(() => call('kong.response.exit', '200'), /code must be a number/);
  assert.throws(() => call('kong.response.exit', 200, 5), /body must be a nil, string or table/);
  call('kong.response.exit', 200, 'plain', { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  assert.equal(ctx.exit!.body.toString(), 'plain');
  assert.deepEqual(ctx.exit!.headers.toKongTable(), { 'content-type': 'text/plain' });
});

test('kong.response.exit is refused in the log phase', () => {
  const ctx = contextFor('GET', '/api');
  ctx.phase = 'log';
  assert.throws(() => pdkFor(ctx)('kong.response.exit', 200), /cannot be called in the log phase/);
});

test("kong.response.error: Kong's template, typed by Accept", () => {
  const ctx = contextFor('GET', '/api', ['Host', 'h', 'Accept', 'text/plain']);
  ctx.phase = 'access';
  pdkFor(ctx)('kong.response.error', 429);
  assert.equal(ctx.exit!.status, 429);
  assert.equal(ctx.exit!.body.toString(), `Too many requests\nrequest_id: ${ctx.id}\n`);
  assert.equal(ctx.exit!.headers.get('content-type'), 'text/plain; charset=utf-8');
  const jsonCtx = contextFor('GET', '/api');
  jsonCtx.phase = 'access';
  assert.throws(() => pdkFor(jsonCtx)('kong.response.error', 302), /between 400 and 599/);
  pdkFor(jsonCtx)('kong.response.error', 400, { detail: 'x' });
  assert.deepEqual(JSON.parse(jsonCtx.exit!.body.toString()), { message: '{"detail":"x"}', request_id: jsonCtx.id });
});

test('kong.ctx.shared, kong.nginx ctx, kong.router, kong.log, serialize values', () => {
  const ctx = contextFor('GET', '/api');
  const logged: string[] = [];
  const call = pdkFor(ctx, logged);
  call('kong.ctx.shared.set', 'k', { a: 1 });
  assert.deepEqual(call('kong.ctx.shared.get', 'k'), { a: 1 });
  call('kong.nginx.set_ctx', 'n', 2);
  assert.equal(call('kong.nginx.get_ctx', 'n'), 2);
  assert.equal(call('kong.nginx.get_ctx', 'missing'), undefined);
  assert.equal((call('kong.router.get_route') as { id: string }).id, 'route-1');
  assert.equal((call('kong.router.get_service') as { id: string }).id, 'svc-1');
  call('kong.log.warn', 'tokens: ', 12, ' ', null);
  call('kong.log.err', { a: 1 });
  assert.deepEqual(logged, ['warn:tokens: 12 nil', 'err:{"a":1}']);
  call('kong.log.set_serialize_value', 'ai.usage', 3);
  assert.deepEqual(ctx.serializeValues, [{ key: 'ai.usage', value: 3, mode: 'set' }]);
  assert.equal(call('kong.log.serialize'), JSON.stringify({ request: { id: ctx.id } }));
});

test('an unknown PDK method throws (a StepError for the plugin), never hangs', () => {
  const call = pdkFor(contextFor('GET', '/api'));
  assert.throws(() => call('kong.request.get_everything'), /could not find pdk method: kong.request.get_everything/);
  assert.throws(() => call('toString'), /could not find pdk method/);
});

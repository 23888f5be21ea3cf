import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyUpstreamError, upstreamHostHeader, upstreamRequestHeaders, upstreamResponseHeaders, upstreamUri } from '../../../../src/gateway/runtime/proxy';
import { contextFor } from './helpers';

test('Host: explicit override, else target with its non-default port', () => {
  assert.equal(upstreamHostHeader({ scheme: 'http', host: 'a.test', port: 80, path: '/' }), 'a.test');
  assert.equal(upstreamHostHeader({ scheme: 'https', host: 'a.test', port: 443, path: '/' }), 'a.test');
  assert.equal(upstreamHostHeader({ scheme: 'http', host: 'a.test', port: 8080, path: '/' }), 'a.test:8080');
  assert.equal(upstreamHostHeader({ scheme: 'http', host: 'a.test', port: 8080, path: '/', hostHeader: 'client.test:8000' }), 'client.test:8000');
});

test('request headers: hop-by-hop dropped (also those named in Connection), X-Forwarded-* added', () => {
  const ctx = contextFor('POST', '/api/x?q=1', [
    'Host', 'gw.test:8000', 'Connection', 'keep-alive, X-Drop', 'X-Drop', '1', 'Content-Length', '9',
    'Transfer-Encoding', 'chunked', 'X-Keep', 'k', 'X-Forwarded-For', '10.0.0.1',
  ]);
  const headers = upstreamRequestHeaders(ctx, ctx.upstream!);
  assert.deepEqual(headers, {
    'X-Keep': 'k',
    'X-Forwarded-For': '10.0.0.1, 127.0.0.1',
    Host: 'upstream.test:8080',
    'X-Forwarded-Proto': 'http',
    'X-Forwarded-Host': 'gw.test',
    'X-Forwarded-Port': '8000',
    'X-Forwarded-Path': '/api/x',
    'X-Real-IP': '127.0.0.1',
    'X-Kong-Request-Id': ctx.id,
  });
  assert.equal(upstreamUri(ctx, ctx.upstream!), '/base/chat?q=1');
});

test('response headers: hop-by-hop dropped, repeats kept', () => {
  const headers = upstreamResponseHeaders({ connection: 'keep-alive', 'transfer-encoding': 'chunked', 'set-cookie': ['a', 'b'], 'content-type': 'x' });
  assert.deepEqual(headers.toRecord(), { 'set-cookie': ['a', 'b'], 'content-type': 'x' });
});

test('undici failures sort into timeout (504) and unreachable (502)', () => {
  assert.equal(classifyUpstreamError(Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' })).kind, 'timeout');
  assert.equal(classifyUpstreamError(Object.assign(new Error('t'), { code: 'UND_ERR_CONNECT_TIMEOUT' })).kind, 'timeout');
  assert.equal(classifyUpstreamError(Object.assign(new Error('t'), { code: 'ECONNREFUSED' })).kind, 'unreachable');
  assert.equal(classifyUpstreamError(new Error('other')).kind, 'unreachable');
});

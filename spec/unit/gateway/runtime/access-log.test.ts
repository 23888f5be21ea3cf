import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLogEntry } from '../../../../src/gateway/runtime/access-log';
import { HeaderMap } from '../../../../src/gateway/runtime/header-map';
import { serializeValueFromArgs } from '../../../../src/gateway/runtime/serialize-values';
import { contextFor } from './helpers';

test("Kong's serializer shape, credentials redacted, serialize values applied", () => {
  const ctx = contextFor('POST', '/api/chat?a=1&f', [
    'Host', 'gw.test:8000', 'Authorization', 'Bearer sk-secret', 'api-key', 'k1', 'X-Api-Key', 'k2', 'Proxy-Authorization', 'p', 'X-Other', 'o',
  ], 'abc');
  ctx.proxied = true;
  ctx.timings.upstreamStart = 2;
  ctx.timings.upstreamEnd = 7;
  ctx.serviceResponse = { status: 200, headers: new HeaderMap(), body: Buffer.alloc(0) };
  ctx.serializeValues.push(serializeValueFromArgs(['ai.proxy.usage.total_tokens', 7]));
  const entry = buildLogEntry(ctx, { status: 200, headers: HeaderMap.fromRaw(['Content-Type', 'application/json']), size: 120 }, 10);
  assert.deepEqual(entry.request, {
    id: ctx.id,
    uri: '/api/chat?a=1&f',
    url: 'http://gw.test:8000/api/chat?a=1&f',
    querystring: { a: '1', f: true },
    method: 'POST',
    headers: {
      host: 'gw.test:8000',
      authorization: 'REDACTED',
      'api-key': 'REDACTED',
      'x-api-key': 'REDACTED',
      'proxy-authorization': 'REDACTED',
      'x-other': 'o',
    },
    size: ctx.requestSize,
  });
  assert.deepEqual(entry.response, { status: 200, headers: { 'content-type': 'application/json' }, size: 120 });
  assert.deepEqual(entry.latencies, { kong: 5, proxy: 5, request: 10 });
  assert.equal(entry.upstream_uri, '/base/chat?a=1&f');
  assert.equal(entry.upstream_status, '200');
  assert.equal(entry.client_ip, '127.0.0.1');
  assert.equal(entry.started_at, 1_700_000_000_000);
  assert.equal(entry.source, 'service');
  assert.equal((entry.route as { id: string }).id, 'route-1');
  assert.equal((entry.service as { id: string }).id, 'svc-1');
  assert.deepEqual(entry.ai, { proxy: { usage: { total_tokens: 7 } } });
  assert.ok(!JSON.stringify(entry).includes('sk-secret'));
});

test('a request that was not proxied: proxy latency -1, no upstream_uri', () => {
  const ctx = contextFor('GET', '/nowhere', ['Host', 'h'], '', false);
  const entry = buildLogEntry(ctx, { status: 404, headers: new HeaderMap(), size: 10 }, 3);
  assert.deepEqual(entry.latencies, { kong: 3, proxy: -1, request: 3 });
  assert.equal(entry.upstream_uri, '');
  assert.equal(entry.route, undefined);
});

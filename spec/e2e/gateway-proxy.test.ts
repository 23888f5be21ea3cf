/**
 * The local gateway end to end: real plugin server (ours), real test plugins (gw-probe, gw-gate),
 * a real upstream of the test's own. Proxying, Kong's error answers, exit in access, the response
 * phase replacing the answer, the shapes of PDK results over RPC, and the log line.
 */
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningGateway } from '../../src/gateway';
import { closedPort, startTestGateway, startUpstream, waitFor, type ReceivedRequest, type TestUpstream } from '../helpers/gateway';

interface Seen {
  tag: string;
  headers: Record<string, string[]>;
  header: string;
  path: string;
  rawQuery: string;
  query: Record<string, unknown>;
  method: string;
  host: string;
  captures: unknown;
  body: string;
  route: string;
}

function seenBy(request: ReceivedRequest): Seen {
  const header = request.headers['x-probe-seen']?.[0];
  assert.ok(header, 'the probe reported what it read');
  return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Seen;
}

/** A request with headers exactly as given (repeats, Host — which must be among them); resolves to the status once the body is read. */
function rawRequest(url: string, headers: [string, string][]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers: headers.flat() }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

type LogEntry = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('gateway: proxying with plugins over the plugin server', () => {
  let upstream: TestUpstream;
  let other: TestUpstream;
  let slow: TestUpstream;
  let gateway: RunningGateway;

  before(async () => {
    upstream = await startUpstream();
    other = await startUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('other upstream');
    });
    slow = await startUpstream((_req, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end('too late');
      }, 1500).unref();
    });
    gateway = await startTestGateway({
      config: {
        _format_version: '3.0',
        services: [
          {
            name: 'echo',
            url: `${upstream.url}/base`,
            routes: [
              { name: 'probe', paths: ['~/probe/(?<version>v\\d+)'], plugins: [{ name: 'gw-probe', config: { tag: 'route' } }] },
              { name: 'plain', paths: ['/plain'] },
              { name: 'gated', paths: ['/gated'], plugins: [{ name: 'gw-gate' }, { name: 'gw-probe', config: { tag: 'gated' } }] },
              { name: 'preserve', paths: ['/preserve'], preserve_host: true, strip_path: false },
            ],
          },
          { name: 'dead', url: `http://127.0.0.1:${await closedPort()}`, routes: [{ name: 'dead', paths: ['/dead'] }] },
          { name: 'slow', url: slow.url, read_timeout: 200, routes: [{ name: 'slow', paths: ['/slow'] }] },
        ],
      },
    });
  });

  after(async () => {
    await gateway?.close();
    await Promise.all([upstream?.close(), other?.close(), slow?.close()]);
  });

  test('proxies unbuffered when no plugin has a response phase: path, query, Host, X-Forwarded-*, Kong headers', async () => {
    const before = upstream.requests.length;
    const res = await fetch(`${gateway.url}/plain/x/y?q=1&q=2`, { headers: { 'X-Client': 'c' } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { echo: ReceivedRequest };
    assert.equal(body.echo.url, '/base/x/y?q=1&q=2');
    assert.equal(upstream.requests.length, before + 1);
    const received = upstream.requests.at(-1)!;
    assert.deepEqual(received.headers.host, [`127.0.0.1:${upstream.port}`]);
    assert.deepEqual(received.headers['x-client'], ['c']);
    assert.deepEqual(received.headers['x-forwarded-for'], ['127.0.0.1']);
    assert.deepEqual(received.headers['x-forwarded-host'], ['127.0.0.1']);
    assert.deepEqual(received.headers['x-forwarded-port'], [String(gateway.port)]);
    assert.equal(res.headers.get('x-upstream'), 'echo');
    assert.match(res.headers.get('via') ?? '', /^1\.1 ai-proxy-js\/\d+\.\d+\.\d+/);
    assert.match(res.headers.get('x-kong-upstream-latency') ?? '', /^\d+$/);
    assert.match(res.headers.get('x-kong-proxy-latency') ?? '', /^\d+$/);
    assert.match(res.headers.get('x-kong-request-id') ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual(received.headers['x-kong-request-id'], [res.headers.get('x-kong-request-id')]);
  });

  test('404 with Kong\'s message when no route matches', async () => {
    const res = await fetch(`${gateway.url}/nothing/here`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await res.json()) as { message: string; request_id: string };
    assert.equal(body.message, 'no Route matched with those values');
    assert.equal(body.request_id, res.headers.get('x-kong-request-id'));
    assert.match(res.headers.get('x-kong-response-latency') ?? '', /^\d+$/);
    assert.equal(res.headers.get('via'), null);
  });

  test('502 when the service refuses the connection', async () => {
    const res = await fetch(`${gateway.url}/dead`);
    assert.equal(res.status, 502);
    assert.equal(((await res.json()) as { message: string }).message, 'An invalid response was received from the upstream server');
  });

  test('504 when the service does not answer within read_timeout', async () => {
    const started = Date.now();
    const res = await fetch(`${gateway.url}/slow`);
    assert.equal(res.status, 504);
    assert.equal(((await res.json()) as { message: string }).message, 'The upstream server is timing out');
    assert.ok(Date.now() - started < 1400, 'answered at the read timeout, not when the service finally answered');
  });

  test('an exit in access answers at once: no proxying, later plugins do not run', async () => {
    const before = upstream.requests.length;
    const logsBefore = gateway.logs.length;
    const res = await fetch(`${gateway.url}/gated`, { headers: { 'X-Gate-Exit': '1' } });
    assert.equal(res.status, 429);
    assert.equal(await res.text(), 'gate closed');
    assert.equal(res.headers.get('content-type'), 'text/plain');
    assert.equal(upstream.requests.length, before);
    await waitFor(() => gateway.logs.length > logsBefore);
    const entry = gateway.logs.at(-1) as LogEntry;
    assert.equal(entry.response.status, 429);
    assert.equal(entry.probe, undefined, 'gw-probe (lower priority) never ran');
  });

  test('plugins run by priority: gw-gate (2000) before gw-probe (1000)', async () => {
    const res = await fetch(`${gateway.url}/gated`);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const received = upstream.requests.at(-1)!;
    assert.deepEqual(received.headers['x-gate'], ['passed']);
    assert.equal(seenBy(received).tag, 'gated');
  });

  test('kong.response.exit in access: table body as JSON, exit headers and earlier set_header kept', async () => {
    const before = upstream.requests.length;
    const res = await fetch(`${gateway.url}/probe/v1`, { headers: { 'X-Probe-Exit': '418' } });
    assert.equal(res.status, 418);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.headers.get('x-probe-exit'), '1');
    assert.equal(res.headers.get('x-probe-early'), 'set-before-exit');
    assert.deepEqual(await res.json(), { message: 'exit from access', tag: 'route' });
    assert.equal(upstream.requests.length, before);
  });

  test('kong.response.error in access: Kong\'s template typed by Accept', async () => {
    const res = await fetch(`${gateway.url}/probe/v1`, { headers: { 'X-Probe-Error': '403', Accept: 'text/plain' } });
    assert.equal(res.status, 403);
    assert.equal(await res.text(), `Forbidden\nrequest_id: ${res.headers.get('x-kong-request-id')}\n`);
  });

  test('PDK results cross the RPC bridge in Kong\'s shapes (multi-maps as arrays, captures named/unnamed)', async () => {
    const res = await fetch(`${gateway.url}/probe/v2/chat?x=1&x=2&flag`, {
      method: 'POST',
      headers: { 'X-Multi': 'a', 'Content-Type': 'application/json' },
      body: '{"hello":"world"}',
    });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const seen = seenBy(upstream.requests.at(-1)!);
    assert.deepEqual(seen.headers['x-multi'], ['a']);
    assert.deepEqual(seen.headers['content-type'], ['application/json']);
    assert.equal(seen.header, 'a');
    assert.equal(seen.path, '/probe/v2/chat');
    assert.equal(seen.rawQuery, 'x=1&x=2&flag');
    assert.deepEqual(seen.query, { x: ['1', '2'], flag: [] });
    assert.equal(seen.method, 'POST');
    assert.equal(seen.host, '127.0.0.1');
    assert.deepEqual(seen.captures, { unnamed: ['/probe/v2', 'v2'], named: { version: 'v2' } });
    assert.equal(seen.body, '{"hello":"world"}');
    assert.equal(seen.route, gateway.config.routes.find((r) => r.name === 'probe')!.id);
  });

  test('repeated request headers reach the plugin as one array', async () => {
    // fetch joins repeated headers; node:http sends them as given.
    const status = await rawRequest(`${gateway.url}/probe/v1`, [['Host', '127.0.0.1'], ['X-Multi', 'a'], ['X-Multi', 'b']]);
    assert.equal(status, 200);
    const seen = seenBy(upstream.requests.at(-1)!);
    assert.deepEqual(seen.headers['x-multi'], ['a', 'b']);
    assert.equal(seen.header, 'a');
  });

  test('the plugin\'s changes reach the service: path, query, method, headers, body', async () => {
    const res = await fetch(`${gateway.url}/probe/v1`, {
      method: 'POST',
      headers: { 'X-Probe-Rewrite': '1', 'X-Remove-Me': 'x', 'Content-Type': 'text/plain' },
      body: 'original body',
    });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const received = upstream.requests.at(-1)!;
    assert.equal(received.method, 'PUT');
    assert.equal(received.url, '/rewritten/path?rewritten=1');
    assert.deepEqual(received.headers['x-added'], ['added']);
    assert.deepEqual(received.headers['x-added-many'], ['m1', 'm2']);
    assert.deepEqual(received.headers.authorization, ['Bearer injected']);
    assert.equal(received.headers['x-remove-me'], undefined);
    assert.equal(received.body, 'rewritten body');
    assert.deepEqual(received.headers['content-length'], [String('rewritten body'.length)]);
    await waitFor(() => (gateway.logs.at(-1) as LogEntry | undefined)?.request?.headers?.authorization !== undefined);
    const entry = gateway.logs.at(-1) as LogEntry;
    assert.equal(entry.request.headers.authorization, 'REDACTED');
    assert.equal(entry.upstream_uri, '/rewritten/path?rewritten=1');
    assert.ok(!JSON.stringify(gateway.logs).includes('Bearer injected'));
  });

  test('set_target sends the request elsewhere, with that host as Host', async () => {
    const res = await fetch(`${gateway.url}/probe/v1`, { headers: { 'X-Probe-Target': `127.0.0.1:${other.port}` } });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'other upstream');
    assert.deepEqual(other.requests.at(-1)!.headers.host, ['127.0.0.1']);
  });

  test('preserve_host forwards the client\'s Host', async () => {
    // fetch will not send a Host of our choosing; node:http will.
    const status = await rawRequest(`${gateway.url}/preserve/it`, [['Host', 'client.example:1234']]);
    assert.equal(status, 200);
    const received = upstream.requests.at(-1)!;
    assert.deepEqual(received.headers.host, ['client.example:1234']);
    assert.equal(received.url, '/base/preserve/it');
  });

  test('the response phase reads the buffered answer and replaces it', async () => {
    const res = await fetch(`${gateway.url}/probe/v1/x`, { headers: { 'X-Probe-Replace': '1' } });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-probe-replaced'), '1');
    assert.equal(res.headers.get('x-upstream'), 'echo', 'service headers stay unless replaced (Kong sets them before response)');
    assert.match(res.headers.get('via') ?? '', /ai-proxy-js/);
    const body = (await res.json()) as { replaced: boolean; upstreamStatus: number; upstreamHeaders: Record<string, string[]>; upstreamBody: string; shared: string };
    assert.equal(body.replaced, true);
    assert.equal(body.upstreamStatus, 200);
    assert.deepEqual(body.upstreamHeaders['x-upstream'], ['echo']);
    assert.deepEqual(body.upstreamHeaders['content-type'], ['application/json']);
    assert.equal((JSON.parse(body.upstreamBody) as { echo: ReceivedRequest }).echo.url, '/base/x');
    assert.equal(body.shared, 'from-access', 'kong.ctx.shared carries from access to response');
    assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(JSON.stringify(body))));
  });

  test('an unknown PDK method fails the call (StepError) without hanging the request', async () => {
    const res = await fetch(`${gateway.url}/probe/v1`, { headers: { 'X-Probe-Unknown': '1' } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const error = upstream.requests.at(-1)!.headers['x-probe-unknown-error']?.[0] ?? '';
    assert.match(error, /could not find pdk method: kong\.request\.get_unknown_thing/);
  });

  test('one log line per request in Kong\'s serializer shape, with the plugin\'s serialize values', async () => {
    const logsBefore = gateway.logs.length;
    const res = await fetch(`${gateway.url}/probe/v1/logged?a=1`, { headers: { 'X-Api-Key': 'secret-key' } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    await waitFor(() => gateway.logs.length === logsBefore + 1);
    const entry = gateway.logs.at(-1) as LogEntry;
    assert.equal(entry.request.method, 'GET');
    assert.equal(entry.request.uri, '/probe/v1/logged?a=1');
    assert.equal(entry.request.url, `http://127.0.0.1:${gateway.port}/probe/v1/logged?a=1`);
    assert.deepEqual(entry.request.querystring, { a: '1' });
    assert.equal(entry.request.headers['x-api-key'], 'REDACTED');
    assert.equal(entry.request.id, res.headers.get('x-kong-request-id'));
    assert.equal(entry.response.status, 200);
    assert.equal(entry.response.headers['x-upstream'], 'echo');
    assert.ok(entry.response.size > 0);
    assert.equal(entry.route.name, 'probe');
    assert.equal(entry.service.name, 'echo');
    assert.equal(entry.upstream_uri, '/base/logged?a=1');
    assert.equal(entry.client_ip, '127.0.0.1');
    assert.equal(typeof entry.started_at, 'number');
    for (const key of ['kong', 'proxy', 'request']) assert.equal(typeof entry.latencies[key], 'number');
    assert.deepEqual(entry.ai, { proxy: { usage: { total_tokens: 42 } } });
    assert.deepEqual(entry.probe, { access: { tag: 'route' } });
  });

  test('concurrent requests keep their own state (headers, ctx.shared, exits, answers)', async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const headers: Record<string, string> = { 'X-Multi': `req-${i}` };
        if (i % 3 === 0) headers['X-Probe-Exit'] = String(400 + i);
        if (i % 3 === 1) headers['X-Probe-Replace'] = '1';
        const res = await fetch(`${gateway.url}/probe/v1/n${i}`, { headers });
        return { i, status: res.status, text: await res.text() };
      }),
    );
    for (const { i, status, text } of results) {
      if (i % 3 === 0) {
        assert.equal(status, 400 + i);
        assert.deepEqual(JSON.parse(text), { message: 'exit from access', tag: 'route' });
      } else if (i % 3 === 1) {
        assert.equal(status, 201);
        const echo = (JSON.parse((JSON.parse(text) as { upstreamBody: string }).upstreamBody) as { echo: ReceivedRequest }).echo;
        assert.equal(echo.url, `/base/n${i}`);
        assert.equal(seenBy(echo).header, `req-${i}`);
      } else {
        assert.equal(status, 200);
        const echo = (JSON.parse(text) as { echo: ReceivedRequest }).echo;
        assert.equal(echo.url, `/base/n${i}`);
        assert.equal(seenBy(echo).header, `req-${i}`);
      }
    }
  });

  test('the log phase runs after the answer, with kong.log.serialize', async () => {
    const res = await fetch(`${gateway.url}/probe/v1`);
    await res.arrayBuffer();
    await waitFor(() => gateway.diagnostics.some((line) => line.includes('log phase saw status 200')));
  });
});

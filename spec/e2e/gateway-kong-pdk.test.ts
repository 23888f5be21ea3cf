/**
 * The same gateway with kong-pdk 0.6.0's own `kong-js-pluginserver` in place of ours: the PDK
 * answers and the request's way do not depend on which server runs the plugins.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningGateway } from '../../src/gateway';
import { startTestGateway, startUpstream, waitFor, type ReceivedRequest, type TestUpstream } from '../helpers/gateway';

describe('gateway with kong-js-pluginserver (kong-pdk 0.6.0)', () => {
  let upstream: TestUpstream;
  let gateway: RunningGateway;

  before(async () => {
    upstream = await startUpstream();
    gateway = await startTestGateway({
      pluginServer: 'kong-pdk',
      config: {
        _format_version: '3.0',
        services: [
          {
            name: 'echo',
            url: upstream.url,
            routes: [{ name: 'probe', paths: ['~/probe/(?<version>v\\d+)'], plugins: [{ name: 'gw-gate' }, { name: 'gw-probe', config: { tag: 'pdk' } }] }],
          },
        ],
      },
    });
  });

  after(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  test('access changes the request, response replaces the answer', async () => {
    const res = await fetch(`${gateway.url}/probe/v3/x?k=v`, { headers: { 'X-Probe-Replace': '1', 'X-Probe-Rewrite': '1' } });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { upstreamStatus: number; upstreamBody: string; shared: string };
    assert.equal(body.upstreamStatus, 200);
    assert.equal(body.shared, 'from-access');
    const echo = (JSON.parse(body.upstreamBody) as { echo: ReceivedRequest }).echo;
    assert.equal(echo.method, 'PUT');
    assert.equal(echo.url, '/rewritten/path?rewritten=1');
    assert.deepEqual(echo.headers['x-gate'], ['passed']);
    assert.equal(echo.body, 'rewritten body');
  });

  test('exit in access answers without proxying', async () => {
    const before = upstream.requests.length;
    const res = await fetch(`${gateway.url}/probe/v1`, { headers: { 'X-Gate-Exit': '1' } });
    assert.equal(res.status, 429);
    assert.equal(await res.text(), 'gate closed');
    assert.equal(upstream.requests.length, before);
  });

  test('the log line carries the plugin\'s serialize values', async () => {
    const logsBefore = gateway.logs.length;
    const res = await fetch(`${gateway.url}/probe/v1`);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    await waitFor(() => gateway.logs.length > logsBefore);
    const entry = gateway.logs.at(-1) as { ai?: unknown; probe?: unknown };
    assert.deepEqual(entry.ai, { proxy: { usage: { total_tokens: 42 } } });
    assert.deepEqual(entry.probe, { access: { tag: 'pdk' } });
  });
});

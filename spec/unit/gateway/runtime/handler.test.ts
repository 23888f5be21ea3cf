/**
 * The request pipeline over a scripted plugin-server client: plugin-server failures answer 500
 * (logged once), an exit stops the chain, and a response phase makes the proxy buffer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginEntity } from '../../../../src/gateway/declarative/types';
import type { InstanceHandle, PdkHandler, Phase, PhaseOutcome, PluginInfo, PluginServerClient } from '../../../../src/gateway/plugin-server/types';
import { memorySink } from '../../../../src/gateway/runtime/access-log';
import { createRequestHandler } from '../../../../src/gateway/runtime/handler';
import { PluginInstances } from '../../../../src/gateway/runtime/plugin-chain';
import { UpstreamAgents } from '../../../../src/gateway/runtime/proxy';
import type { JsonObject } from '../../../../src/gateway/runtime/serialize-values';
import { startUpstream, type TestUpstream } from '../../../helpers/gateway';
import { ROUTE, SERVICE } from './helpers';

type Script = (phase: Phase, pdk: PdkHandler) => Promise<void>;

/** A client whose plugins run scripts (keyed by the instance config's `script`) instead of a server. */
function scriptedClient(infos: PluginInfo[], scripts: Record<string, Script>): PluginServerClient & { phasesRun: string[] } {
  const phasesRun: string[] = [];
  return {
    phasesRun,
    start: async () => undefined,
    plugins: () => new Map(infos.map((i) => [i.Name, i])),
    startInstance: async (name, config) => ({ name, config, id: 1 }),
    runPhase: async (instance: InstanceHandle, phase: Phase, pdk: PdkHandler): Promise<PhaseOutcome> => {
      phasesRun.push(`${instance.name}.${phase}`);
      await scripts[String(instance.config.script)]!(phase, pdk);
      return { exited: false, pdkCalls: 0, eventId: 0 };
    },
    pid: () => undefined,
    status: async () => ({ Pid: 0, Plugins: {} }),
    rpc: async () => undefined,
    close: async () => undefined,
  };
}

function plugin(name: string, script: string): PluginEntity {
  return { id: `${name}-id`, name, enabled: true, config: { script }, scope: { kind: 'global' }, source: `plugins[${name}]` };
}

const INFOS: PluginInfo[] = [
  { Name: 'first', Priority: 900, Phases: ['access', 'response', 'log'], Schema: { name: 'first', fields: [] } },
  { Name: 'second', Priority: 100, Phases: ['access'], Schema: { name: 'second', fields: [] } },
];

const SCRIPTS: Record<string, Script> = {
  ok: async () => undefined,
  'fail-access': async (phase) => {
    if (phase === 'access') throw new Error('connection to the plugin server lost');
  },
  'fail-response': async (phase) => {
    if (phase === 'response') throw new Error('event vanished');
  },
  'fail-log': async (phase) => {
    if (phase === 'log') throw new Error('log phase broke');
  },
  'exit-access': async (phase, pdk) => {
    if (phase === 'access') await pdk('kong.response.exit', [200, 'early']);
  },
};

describe('request pipeline with a scripted plugin server', () => {
  let upstream: TestUpstream;
  let agents: UpstreamAgents;

  before(async () => {
    upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('from upstream');
    });
    agents = new UpstreamAgents();
  });

  after(async () => {
    await agents.close();
    await upstream.close();
  });

  async function run(first: string, second: string): Promise<{ status: number; body: string; failures: string[]; logs: JsonObject[]; phases: string[]; upstreamCalls: number }> {
    const client = scriptedClient(INFOS, SCRIPTS);
    const failures: string[] = [];
    const logs: JsonObject[] = [];
    const service = { ...SERVICE, host: '127.0.0.1', port: upstream.port, path: '/' };
    const upstreamBefore = upstream.requests.length;
    const handler = createRequestHandler({
      router: { match: () => ({ route: ROUTE, service, uriCaptures: { named: {}, unnamed: [] }, upstreamPath: '/x' }) },
      pluginsFor: () => [plugin('first', first), plugin('second', second)],
      chain: {
        client,
        instances: new PluginInstances(client),
        pdk: { pluginLog: () => undefined, serialize: () => ({}) },
        onFailure: ({ plugin: name, phase, error }) => void failures.push(`${name}.${phase}: ${(error as Error).message}`),
      },
      agents,
      sink: memorySink(logs),
      identity: { server: 'ai-proxy-js/test' },
      warn: (message) => void failures.push(`warn: ${message}`),
    });
    const done: Promise<void>[] = [];
    const server = http.createServer((req, res) => void done.push(handler(req, res)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
      const body = await res.text();
      await Promise.all(done);
      return { status: res.status, body, failures, logs, phases: client.phasesRun, upstreamCalls: upstream.requests.length - upstreamBefore };
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  test('a plugin-server failure in access answers 500, logged once, and nothing is proxied', async () => {
    const result = await run('fail-access', 'ok');
    assert.equal(result.status, 500);
    assert.equal((JSON.parse(result.body) as { message: string }).message, 'An unexpected error occurred');
    assert.deepEqual(result.failures, ['first.access: connection to the plugin server lost']);
    assert.deepEqual(result.phases, ['first.access', 'first.log'], 'the later access handler did not run');
    assert.equal(result.upstreamCalls, 0);
    assert.equal((result.logs[0]!.response as { status: number }).status, 500);
  });

  test('a plugin-server failure in response answers 500 instead of the service answer', async () => {
    const result = await run('fail-response', 'ok');
    assert.equal(result.status, 500);
    assert.doesNotMatch(result.body, /from upstream/);
    assert.deepEqual(result.failures, ['first.response: event vanished']);
    assert.equal(result.upstreamCalls, 1);
  });

  test('an exit in access stops the chain (priority order: first, then second)', async () => {
    const result = await run('exit-access', 'fail-access');
    assert.equal(result.status, 200);
    assert.equal(result.body, 'early');
    assert.deepEqual(result.phases, ['first.access', 'first.log']);
    assert.deepEqual(result.failures, []);
  });

  test('plugins run in priority order and the buffered answer goes out when nobody replaces it', async () => {
    const result = await run('ok', 'ok');
    assert.equal(result.status, 200);
    assert.equal(result.body, 'from upstream');
    assert.deepEqual(result.phases, ['first.access', 'second.access', 'first.response', 'first.log']);
  });

  test('a failed log phase is logged and changes nothing for the client', async () => {
    const result = await run('fail-log', 'ok');
    assert.equal(result.status, 200);
    assert.equal(result.body, 'from upstream');
    assert.deepEqual(result.failures, ['first.log: log phase broke']);
    assert.equal(result.logs.length, 1);
  });
});

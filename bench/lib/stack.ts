/**
 * The system under load, on 127.0.0.1 with OS-chosen ports: the mock provider upstreams and the
 * local gateway running ai-proxy-js through a plugin-server process (ours or kong-pdk's), one
 * route per ai-proxy-js config. The idea of spec/helpers/ai-stack.ts, tuned for load: the access
 * log goes to /dev/null and diagnostics are only counted.
 */
import { startGateway, type PluginServerChoice, type RunningGateway } from '../../src/gateway';
import type { PluginServerClient } from '../../src/gateway/plugin-server/types';
import { startMockLlm, type MockLlm } from '../../src/mock';
import { PLUGINS_DIR } from './paths';

/** The key the mock accepts; the gateway's configs carry it, clients never do. */
export const MOCK_KEY = 'bench-mock-key';

export interface BenchRoute {
  /** Route path prefix, e.g. `/openai`. */
  path: string;
  config: (mockUrl: string) => Record<string, unknown>;
}

/**
 * PDK calls and plugin phases seen by the plugin-server client. The gateway has no counter of its
 * own, so the client's `runPhase` is wrapped on this one instance (gateway code is untouched).
 */
export interface PhaseCounter {
  phases: number;
  pdkCalls: number;
  exits: number;
  /** PDK calls by method (Kong's dotted name). */
  methods: Map<string, number>;
  /** Wall-clock ms spent in plugin phases (HandleEvent to 'ret' or exit: RPCs, plugin code, PDK answers). */
  phaseMs: number;
  /** Event ids of phases that ended in `kong.response.exit` (the events a leaky server keeps). */
  exitedEventIds: number[];
  reset(): void;
}

export interface BenchStack {
  mock: MockLlm;
  gateway: RunningGateway;
  counter: PhaseCounter;
  /** Diagnostic lines the gateway produced (plugin logs, server output). */
  diagnosticLines(): number;
  close(): Promise<void>;
}

function countPhases(client: PluginServerClient): PhaseCounter {
  const counter: PhaseCounter = {
    phases: 0,
    pdkCalls: 0,
    exits: 0,
    methods: new Map(),
    phaseMs: 0,
    exitedEventIds: [],
    reset() {
      counter.phases = 0;
      counter.pdkCalls = 0;
      counter.exits = 0;
      counter.methods = new Map();
      counter.phaseMs = 0;
      counter.exitedEventIds = [];
    },
  };
  const runPhase = client.runPhase.bind(client);
  client.runPhase = async (instance, phase, pdk) => {
    const start = process.hrtime.bigint();
    const outcome = await runPhase(instance, phase, (method, args) => {
      counter.methods.set(method, (counter.methods.get(method) ?? 0) + 1);
      return pdk(method, args);
    });
    counter.phaseMs += Number(process.hrtime.bigint() - start) / 1e6;
    counter.phases++;
    counter.pdkCalls += outcome.pdkCalls;
    if (outcome.exited) {
      counter.exits++;
      counter.exitedEventIds.push(outcome.eventId);
    }
    return outcome;
  };
  return counter;
}

export async function startBenchStack(routes: readonly BenchRoute[], pluginServer: PluginServerChoice): Promise<BenchStack> {
  const mock = await startMockLlm({ port: 0, host: '127.0.0.1', key: MOCK_KEY, maxRecorded: 1 });
  let lines = 0;
  const config = {
    _format_version: '3.0',
    services: routes.map((route, i) => ({
      name: `bench-svc-${i}`,
      url: mock.url,
      routes: [{ name: `bench-route-${i}`, paths: [route.path] }],
      plugins: [{ name: 'ai-proxy-js', config: route.config(mock.url) }],
    })),
  };
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      config,
      port: 0,
      host: '127.0.0.1',
      pluginsDir: PLUGINS_DIR,
      pluginServer,
      log: { file: '/dev/null' },
      onDiagnostic: () => void lines++,
    });
  } catch (err) {
    await mock.close();
    throw err;
  }
  const counter = countPhases(gateway.pluginServer);
  return {
    mock,
    gateway,
    counter,
    diagnosticLines: () => lines,
    close: async () => {
      await gateway.close();
      await mock.close();
    },
  };
}

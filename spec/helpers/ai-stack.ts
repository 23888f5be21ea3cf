/**
 * The whole path a user's request takes, started on ports chosen at run time: the mock provider
 * upstreams, and the local gateway running the real ai-proxy-js plugin through a real plugin
 * server process. Routes are `/<name>` → one ai-proxy-js config each.
 */
import OpenAI from 'openai';
import { startGateway } from '../../src/gateway';
import { startMockLlm, type MockLlm } from '../../src/mock';
import { PLUGINS_DIR } from './paths';

export interface AiRoute {
  /** Route path (prefix), e.g. `/openai/chat`. */
  path: string;
  config: Record<string, unknown>;
  /** Service options (timeouts in ms). */
  service?: { read_timeout?: number; connect_timeout?: number; write_timeout?: number };
}

export interface AiStack {
  mock: MockLlm;
  gateway: Awaited<ReturnType<typeof startGateway>>;
  url: string;
  /** An OpenAI SDK client whose base URL is the gateway route at `path`. */
  openai(path: string, options?: { maxRetries?: number; timeout?: number }): OpenAI;
  close(): Promise<void>;
}

export async function startAiStack(
  routes: (mockUrl: string) => AiRoute[],
  options: { pluginServer?: 'ai-proxy-js' | 'kong-pdk'; pluginServerNodeArgs?: string[] } = {},
): Promise<AiStack> {
  const mock = await startMockLlm({ port: 0 });
  const declared = routes(mock.url);
  const config = {
    _format_version: '3.0',
    services: declared.map((r, i) => ({
      name: `svc-${i}`,
      url: mock.url,
      ...(r.service ?? {}),
      routes: [{ name: `route-${i}`, paths: [r.path] }],
      plugins: [{ name: 'ai-proxy-js', config: r.config }],
    })),
  };
  let gateway: AiStack['gateway'];
  try {
    gateway = await startGateway({ config, port: 0, host: '127.0.0.1', pluginsDir: PLUGINS_DIR, pluginServer: options.pluginServer ?? 'ai-proxy-js', pluginServerNodeArgs: options.pluginServerNodeArgs, log: { memory: true } });
  } catch (err) {
    await mock.close();
    throw err;
  }
  return {
    mock,
    gateway,
    url: gateway.url,
    openai: (path, opts = {}) => new OpenAI({ baseURL: `${gateway.url}${path}`, apiKey: 'client-key-not-used', maxRetries: opts.maxRetries ?? 0, timeout: opts.timeout ?? 20_000 }),
    close: async () => {
      await gateway.close();
      await mock.close();
    },
  };
}

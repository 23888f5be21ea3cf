/**
 * `ai-proxy-js dev` (what `npm start` runs): the mock provider upstreams on 127.0.0.1:9000 and the
 * local gateway on :8000 serving the repository's kong.yml, whose default routes point at the mock.
 * No keys needed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startGateway } from '../gateway';
import { startMockLlm } from '../mock';

/** kong.yml's mock-backed routes name this port; keep them in step. */
const MOCK_PORT = 9000;

const TRY = (base: string): string => `
Try:
  curl -s ${base}/openai/chat -H 'content-type: application/json' \\
    -d '{"messages":[{"role":"user","content":"Hello"}]}'
  curl -sN ${base}/anthropic/chat -H 'content-type: application/json' \\
    -d '{"messages":[{"role":"user","content":"Stream me"}],"stream":true}'
  curl -s ${base}/openai/embeddings -H 'content-type: application/json' -d '{"input":"vectors"}'
Or point the OpenAI SDK at it:  new OpenAI({ baseURL: '${base}/openai', apiKey: 'unused' })
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      config: { type: 'string', default: 'kong.yml' },
      'plugin-server': { type: 'string', default: 'ai-proxy-js' },
    },
    strict: true,
  });
  const pluginServer = values['plugin-server'];
  if (pluginServer !== 'ai-proxy-js' && pluginServer !== 'kong-pdk') {
    process.stderr.write(`ai-proxy-js dev: --plugin-server is ai-proxy-js or kong-pdk, not '${pluginServer}'\n`);
    return 2;
  }
  const mock = await startMockLlm({ port: MOCK_PORT, host: '127.0.0.1' });
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway({ config: path.resolve(values.config ?? 'kong.yml'), port: Number(values.port), host: values.host, pluginServer, log: 'stdout' });
  } catch (err) {
    await mock.close();
    throw err;
  }
  process.stderr.write(`mock LLM upstreams  ${mock.url}\nai-proxy-js gateway ${gateway.url}  (kong.yml: ${values.config})\n${TRY(gateway.url)}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      process.stderr.write(`${signal}: stopping\n`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await gateway.close();
  await mock.close();
  return 0;
}

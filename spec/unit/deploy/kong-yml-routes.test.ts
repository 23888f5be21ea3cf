/**
 * kong.yml's mock-backed routes answer, through the local gateway (Kong's plugin-server protocol,
 * our plugin server, the compiled plugin) against the mock upstreams: right paths, right
 * credential headers, right provider formats. The mock listens on an OS-chosen port here, so the
 * file's `127.0.0.1:9000` upstream URLs are pointed at it; nothing else in the file changes.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type RunningGateway } from '../../../src/gateway';
import { startMockLlm, type MockLlm } from '../../../src/mock';
import { pluginEntries, strings } from './kong-declarative';
import { readYaml } from './deploy-files';

const MOCK_ORIGIN = 'http://127.0.0.1:9000';

interface RouteCase {
  path: string;
  routeType: string;
}

/** kong.yml with every mock upstream URL moved to `origin`, and the routes that use the mock. */
function pointAtMock(origin: string): { doc: object; routes: RouteCase[] } {
  const doc = readYaml('kong.yml');
  assert.ok(typeof doc === 'object' && doc !== null, 'kong.yml is a mapping');
  const routes: RouteCase[] = [];
  for (const plugin of pluginEntries(doc)) {
    const options = (plugin.config as { model?: { options?: { upstream_url?: string } } }).model?.options;
    const url = options?.upstream_url;
    if (!options || url === undefined || !url.startsWith(MOCK_ORIGIN)) continue;
    options.upstream_url = `${origin}${url.slice(MOCK_ORIGIN.length)}`;
    const routeType = strings(plugin.config).find((s) => s.at === 'route_type')?.value ?? '';
    for (const path of plugin.routePaths ?? []) routes.push({ path, routeType });
  }
  return { doc, routes };
}

function requestBody(routeType: string, extra: Record<string, unknown> = {}): string {
  switch (routeType) {
    case 'llm/v1/chat':
      return JSON.stringify({ messages: [{ role: 'user', content: 'Hello from kong.yml' }], ...extra });
    case 'llm/v1/completions':
      return JSON.stringify({ prompt: 'Hello from kong.yml', ...extra });
    case 'llm/v1/embeddings':
      return JSON.stringify({ input: 'Hello from kong.yml', ...extra });
    default:
      throw new Error(`kong.yml has a mock route of type ${routeType}, which this test does not know`);
  }
}

interface OpenAIAnswer {
  object?: string;
  choices?: Array<{ message?: { content?: unknown }; text?: unknown }>;
  data?: Array<{ embedding?: unknown }>;
}

function assertOpenAIAnswer(routeType: string, answer: OpenAIAnswer, where: string): void {
  switch (routeType) {
    case 'llm/v1/chat':
      assert.equal(answer.object, 'chat.completion', where);
      assert.equal(typeof answer.choices?.[0]?.message?.content, 'string', where);
      return;
    case 'llm/v1/completions':
      assert.equal(answer.object, 'text_completion', where);
      assert.equal(typeof answer.choices?.[0]?.text, 'string', where);
      return;
    case 'llm/v1/embeddings':
      assert.equal(answer.object, 'list', where);
      assert.ok(Array.isArray(answer.data?.[0]?.embedding), where);
      return;
    default:
      assert.fail(`${where}: unknown route type ${routeType}`);
  }
}

let mock: MockLlm;
let gateway: RunningGateway;
let routes: RouteCase[];

test.before(async () => {
  mock = await startMockLlm({ port: 0, host: '127.0.0.1', key: 'mock-key' });
  const pointed = pointAtMock(mock.url);
  routes = pointed.routes;
  // No provider keys in this environment: the real routes' references resolve to nothing.
  gateway = await startGateway({ config: pointed.doc, port: 0, log: { memory: true }, env: {}, onDiagnostic: () => undefined });
});

test.after(async () => {
  await gateway?.close();
  await mock?.close();
});

test('every mock-backed route of kong.yml answers 200 in OpenAI format', async () => {
  assert.ok(routes.length >= 9, `${routes.length} mock routes`);
  for (const { path, routeType } of routes) {
    const res = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: requestBody(routeType) });
    const text = await res.text();
    assert.equal(res.status, 200, `${path}: ${text}`);
    assertOpenAIAnswer(routeType, JSON.parse(text) as OpenAIAnswer, path);
  }
});

test('a streamed chat through kong.yml arrives as one OpenAI event stream ending in [DONE]', async () => {
  const chat = routes.find((r) => r.path === '/anthropic/chat');
  assert.ok(chat, 'the /anthropic/chat route');
  const res = await fetch(`${gateway.url}${chat.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: requestBody(chat.routeType, { stream: true }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.match(text, /^data: \{"id":/);
  assert.match(text, /data: \[DONE\]\s*$/);
});

test('a real route without its key answers the 500 the troubleshooting guide describes', async () => {
  const res = await fetch(`${gateway.url}/real/openai/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: requestBody('llm/v1/chat') });
  assert.equal(res.status, 500);
  const body = (await res.json()) as { error?: { message?: string } };
  assert.equal(body.error?.message, 'invalid ai-proxy-js configuration: config.auth.header_value: length must be at least 1');
});

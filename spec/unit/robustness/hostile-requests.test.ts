/**
 * Hostile client bodies through `prepareUpstreamRequest`, for every provider × route type: each
 * must either give an upstream request with a JSON body, or be refused with an LlmError 400/413
 * and a message. Anything else (a TypeError, a 500) means a client mistake reached the generic
 * "An unexpected error occurred".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmError } from '../../../src/llm/errors';
import { prepareUpstreamRequest } from '../../../src/llm/pipeline/access';
import type { Json, LlmRouteType, PluginConfig } from '../../../src/llm/types';
import { pluginConfig } from '../../helpers/config';
import { seededRandom } from '../../helpers/drivers';
import { junk, pathsOf, pick, withPath, type Path, type Rng } from './hostile-values';
import { routeCases } from './providers';

const CASES_PER_ROUTE = 400;

const TOOL = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

/** The simplest valid body per route type: some providers or formats refuse images, tools or dimensions. */
const PLAIN: Record<LlmRouteType, Json> = {
  'llm/v1/chat': { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }], max_tokens: 16 },
  'llm/v1/completions': { prompt: 'Once upon a time' },
  'llm/v1/embeddings': { input: 'hello' },
};

/** A valid body per route type using most features, whose every path (and a few more) gets junk. */
const BASES: Record<LlmRouteType, Json> = {
  'llm/v1/chat': {
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'user', content: 'And tomorrow?' },
    ],
    tools: [TOOL],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
    response_format: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' } } },
    stop: ['END'],
    temperature: 0.2,
    max_tokens: 50,
    stream_options: { include_usage: true },
  },
  'llm/v1/completions': { prompt: 'Once upon a time', stop: 'END', max_tokens: 20, temperature: 0.3, n: 1 },
  'llm/v1/embeddings': { input: ['one', 'two'], dimensions: 8, encoding_format: 'float', user: 'u1' },
};

/** Fields a body may carry beyond the base's own paths. */
const EXTRA_PATHS: Path[] = [
  ['messages'], ['messages', 0], ['messages', 1, 'content'], ['messages', 1, 'content', 1, 'image_url'], ['messages', 1, 'content', 1, 'image_url', 'url'],
  ['messages', 2, 'tool_calls'], ['messages', 2, 'tool_calls', 0, 'function', 'arguments'], ['messages', 0, 'role'], ['messages', 4, 'name'],
  ['tools'], ['tools', 0, 'function', 'parameters'], ['tool_choice'], ['response_format'], ['response_format', 'json_schema', 'schema'],
  ['prompt'], ['input'], ['input', 0], ['stop'], ['stream'], ['stream_options'], ['model'], ['max_tokens'], ['top_k'], ['n'], ['seed'],
  ['logit_bias'], ['functions'], ['function_call'], ['encoding_format'], ['dimensions'], ['system'], ['__proto__'], ['constructor'],
];

/** Paths the request schema leaves open (content parts, tool schemas, formats): only the drivers read them. */
const UNCHECKED_PATHS: Path[] = [
  ['messages', 1, 'content', 0], ['messages', 1, 'content', 1], ['messages', 1, 'content', 1, 'image_url'], ['messages', 1, 'content', 1, 'image_url', 'url'],
  ['messages', 1, 'content', 1, 'image_url', 'detail'], ['messages', 1, 'content', 2], ['messages', 2, 'tool_calls', 0, 'function', 'arguments'],
  ['messages', 2, 'tool_calls', 0, 'id'], ['messages', 2, 'tool_calls', 0, 'type'], ['messages', 3, 'tool_call_id'], ['messages', 4, 'content'],
  ['tools', 0, 'function', 'parameters'], ['tools', 0, 'function', 'parameters', 'properties'], ['tools', 0, 'type'], ['tools', 1],
  ['tool_choice', 'type'], ['tool_choice', 'function', 'name'], ['response_format'], ['response_format', 'type'], ['response_format', 'json_schema'],
  ['response_format', 'json_schema', 'schema'], ['response_format', 'json_schema', 'name'], ['stream_options'], ['input', 0], ['input', 1], ['prompt', 0], ['prompt', 1],
  ['logit_bias'], ['logprobs'], ['top_logprobs'], ['parallel_tool_calls'], ['metadata'], ['service_tier'], ['reasoning_effort'],
];

/** One hostile body as raw JSON text. */
function hostileBody(rng: Rng, routeType: LlmRouteType): string {
  const roll = rng();
  if (roll < 0.05) return JSON.stringify(junk(rng));
  if (roll < 0.08) return pick(rng, ['', '{', '{"messages":[', 'null', '[]', '"x"', '\u0000', '{"a":1}{"b":2}', '\ufeff{}']);
  const base = rng() < 0.5 ? BASES[routeType] : PLAIN[routeType];
  // Half the bodies aim at what the schema leaves to the drivers, so they get past the 400 for a bad type.
  const paths = rng() < 0.5 ? UNCHECKED_PATHS : [...pathsOf(base), ...EXTRA_PATHS];
  let body = rng() < 0.3 && routeType !== 'llm/v1/embeddings' ? withPath(base, ['stream'], true) : base;
  const mutations = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < mutations; i++) body = withPath(body, pick(rng, paths), junk(rng));
  // withPath keeps `__proto__` as an own key, so the text carries it as a client would send it.
  return JSON.stringify(body);
}

interface Outcome {
  ok: boolean;
  /** The body reached the driver and came out as an upstream request. */
  translated?: boolean;
  problem?: string;
}

async function tryOne(conf: PluginConfig, text: string): Promise<Outcome> {
  try {
    const upstream = await prepareUpstreamRequest(conf, { headers: { 'content-type': 'application/json' }, rawBody: text, query: {} }, { now: () => 1_700_000_000_000 });
    JSON.parse(upstream.body);
    return { ok: true, translated: true };
  } catch (err) {
    if (!(err instanceof LlmError)) return { ok: false, problem: `threw ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err)}` };
    if (err.status !== 400 && err.status !== 413) return { ok: false, problem: `LlmError ${err.status}: ${err.message}` };
    if (err.message.trim() === '') return { ok: false, problem: `LlmError ${err.status} without a message` };
    return { ok: true };
  }
}

describe('hostile client bodies never escape as anything but a 400/413 LlmError', () => {
  for (const [index, route] of routeCases().entries()) {
    it(route.label, async () => {
      const failures: string[] = [];
      let translated = 0;
      for (let n = 0; n < CASES_PER_ROUTE && failures.length < 3; n++) {
        const seed = 1000 * index + n;
        const text = hostileBody(seededRandom(seed), route.routeType);
        const outcome = await tryOne(route.conf, text);
        if (!outcome.ok) failures.push(`seed ${seed}: ${outcome.problem ?? ''}\n  body: ${text.slice(0, 400)}`);
        if (outcome.translated) translated++;
      }
      assert.deepEqual(failures, []);
      // Enough hostile bodies get past the schema to reach the driver, or the drivers were not tested
      // (unless the config refuses even the plainest body, e.g. llama2's raw format has no embeddings).
      if ((await tryOne(route.conf, JSON.stringify(PLAIN[route.routeType]))).translated) {
        assert.ok(translated >= CASES_PER_ROUTE / 25, `only ${translated} of ${CASES_PER_ROUTE} bodies reached the driver`);
      }
    });
  }

  it('a body over max_request_body_size is a 413 with a message', async () => {
    const conf = pluginConfig({ route_type: 'llm/v1/chat', model: { provider: 'openai', name: 'gpt-4o' }, max_request_body_size: 64 });
    await assert.rejects(
      async () => prepareUpstreamRequest(conf, { headers: {}, rawBody: JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(100) }] }) }),
      (err: unknown) => err instanceof LlmError && err.status === 413 && err.message.includes('max_request_body_size'),
    );
  });

  it('the generator is seeded: the same seed gives the same body', async () => {
    assert.equal(hostileBody(seededRandom(42), 'llm/v1/chat'), hostileBody(seededRandom(42), 'llm/v1/chat'));
    assert.notEqual(hostileBody(seededRandom(42), 'llm/v1/chat'), hostileBody(seededRandom(43), 'llm/v1/chat'));
  });
});

describe('deeply nested bodies are a 400, never a stack overflow', () => {
  /** `[[…]]` nested `depth` levels, as text (too deep for JSON.stringify to build). */
  const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
  const CHAT_MESSAGES = '"messages":[{"role":"user","content":"hi"}]';
  // Fields the schema does not type, so the nesting reaches the drivers and the upstream body.
  const bodies: Record<LlmRouteType, ((deep: string) => string)[]> = {
    'llm/v1/chat': [
      (deep) => `{${CHAT_MESSAGES},"metadata":${deep}}`,
      (deep) => `{${CHAT_MESSAGES},"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"a":${deep}}}}}`,
      (deep) => `{${CHAT_MESSAGES},"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","a":${deep}}}}]}`,
    ],
    'llm/v1/completions': [(deep) => `{"prompt":"x","metadata":${deep}}`, (deep) => `{"prompt":["x",${deep}]}`],
    'llm/v1/embeddings': [(deep) => `{"input":["x",${deep}]}`, (deep) => `{"input":"x","extra":${deep}}`],
  };

  for (const route of routeCases()) {
    it(route.label, async () => {
      for (const build of bodies[route.routeType]) {
        // Inside the limit (the body's own two levels included): no stack overflow.
        const within = await tryOne(route.conf, build(nested(990)));
        assert.ok(within.ok, `within the limit: ${within.problem ?? ''}`);
        for (const depth of [1_001, 5_000, 200_000]) {
          await assert.rejects(
            async () => prepareUpstreamRequest(route.conf, { headers: {}, rawBody: build(nested(depth)), query: {} }),
            (err: unknown) => err instanceof LlmError && err.status === 400 && /more than 1000 levels deep/.test(err.message),
            `depth ${depth}`,
          );
        }
      }
    });
  }

  it('brackets inside strings do not count as nesting', async () => {
    const conf = pluginConfig({ route_type: 'llm/v1/completions', model: { provider: 'openai', name: 'gpt-4o' }, max_request_body_size: 0 });
    const prompt = `${'['.repeat(3000)}\\"{${'{'.repeat(3000)}`;
    const upstream = await prepareUpstreamRequest(conf, { headers: {}, rawBody: `{"prompt":"${prompt}"}` });
    assert.equal((JSON.parse(upstream.body) as { prompt: string }).prompt, JSON.parse(`"${prompt}"`));
  });
});

describe('__proto__ and constructor keys in a body pollute nothing', () => {
  it('Object.prototype is unchanged after hostile bodies through every route', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const hostile = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}';
    const bodies: Record<LlmRouteType, string> = {
      'llm/v1/chat': `{"__proto__":{"polluted":3},"messages":[{"role":"user","content":"hi","__proto__":{"polluted":4}}],"tools":[{"type":"function","function":{"name":"f","parameters":${hostile}}}],"metadata":${hostile}}`,
      'llm/v1/completions': `{"__proto__":{"polluted":5},"prompt":"x","metadata":${hostile}}`,
      'llm/v1/embeddings': `{"__proto__":{"polluted":6},"input":"x","metadata":${hostile}}`,
    };
    for (const route of routeCases()) {
      const outcome = await tryOne(route.conf, bodies[route.routeType]);
      assert.ok(outcome.ok, `${route.label}: ${outcome.problem ?? ''}`);
    }
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
    assert.equal((Object.create(null) as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

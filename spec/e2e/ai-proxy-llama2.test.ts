/**
 * Llama2 on a self-hosted server through the whole path: the `openai` SDK → local gateway →
 * plugin server → ai-proxy-js → mock upstream → back, in two of its `llama2_format`s:
 * - `raw`: Kong's `[INST]` prompt template over `{"inputs","parameters"}` (mock `/llama2/raw`, no key);
 * - `openai`: an OpenAI-compatible server (vLLM, llama.cpp) — the mock's OpenAI paths, Bearer key.
 * The `ollama` format is covered in ai-proxy-ollama.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import { readJsonFixture } from '../helpers/paths';

const WEATHER_TOOL = readJsonFixture<OpenAI.ChatCompletionFunctionTool>('e2e', 'weather-tool.json');
const KEY = { header_name: 'Authorization', header_value: 'Bearer mock-key' };
const stats = { log_statistics: true, log_payloads: false };
const MODEL = 'llama-2-7b-chat';

let stack: AiStack;

before(async () => {
  stack = await startAiStack((mock) => {
    const route = (path: string, routeType: string, format: string, upstreamUrl: string, auth?: Record<string, string>) => ({
      path,
      config: { route_type: routeType, ...(auth ? { auth } : {}), logging: stats, model: { provider: 'llama2', name: MODEL, options: { llama2_format: format, upstream_url: upstreamUrl } } },
    });
    return [
      route('/raw/chat', 'llm/v1/chat', 'raw', `${mock}/llama2/raw`),
      route('/raw/completions', 'llm/v1/completions', 'raw', `${mock}/llama2/raw`),
      route('/oai/chat', 'llm/v1/chat', 'openai', `${mock}/v1/chat/completions`, KEY),
      // A URL naming only the server: the format's endpoint is appended.
      route('/oai/server', 'llm/v1/chat', 'openai', mock, KEY),
      route('/oai/completions', 'llm/v1/completions', 'openai', `${mock}/v1/completions`, KEY),
      route('/oai/embeddings', 'llm/v1/embeddings', 'openai', `${mock}/v1/embeddings`, KEY),
      route('/oai/badkey', 'llm/v1/chat', 'openai', `${mock}/v1/chat/completions`, { header_name: 'Authorization', header_value: 'Bearer wrong-llama-key' }),
    ];
  });
});

after(async () => {
  await stack?.close();
});

/** The last request the mock received, as the test needs it. */
function upstream(): { path: string; headers: Record<string, unknown>; body: Record<string, unknown> } {
  const last = stack.mock.requests.at(-1);
  assert.ok(last, 'the mock received no request');
  const body = last.body;
  assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body), `the upstream body is a JSON object: ${String(body)}`);
  return { path: last.path, headers: last.headers, body: body as Record<string, unknown> };
}

/** The value at a path of keys and indexes in parsed JSON, or undefined. */
function dig(value: unknown, ...path: Array<string | number>): unknown {
  let at: unknown = value;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[key] : undefined;
  return at;
}

/** `ai.proxy` (Kong's analytics) of the last log line for a route. */
function lastAnalytics(path: string): unknown {
  const entries = stack.gateway.logs.filter((e) => String(dig(e, 'request', 'uri') ?? '').startsWith(path));
  assert.ok(entries.length > 0, `no log line for ${path}`);
  const proxy = dig(entries.at(-1), 'ai', 'proxy');
  assert.ok(proxy, `no ai.proxy in ${JSON.stringify(entries.at(-1))}`);
  return proxy;
}

interface StreamedCall {
  id?: string;
  name?: string;
  arguments: string;
}

interface Collected {
  chunks: number;
  text: string;
  finish?: string | null;
  usage?: OpenAI.CompletionUsage | null;
  calls: StreamedCall[];
}

/** Drains an SDK chat stream, joining text and tool-call deltas the way an SDK user does. */
async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<Collected> {
  const out: Collected = { chunks: 0, text: '', calls: [] };
  for await (const chunk of stream) {
    out.chunks++;
    const choice = chunk.choices[0];
    out.text += choice?.delta.content ?? '';
    out.finish = choice?.finish_reason ?? out.finish;
    out.usage = chunk.usage ?? out.usage;
    for (const delta of choice?.delta.tool_calls ?? []) {
      const call = (out.calls[delta.index] ??= { arguments: '' });
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name = delta.function.name;
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  return out;
}

describe('llama2 raw format via ai-proxy-js', () => {
  it('chat: the messages become one [INST] prompt; the answer after the last [/INST] comes back', async () => {
    const chat = await stack.openai('/raw/chat').chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello from the SDK' },
      ],
      max_tokens: 20,
    });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hello from the SDK');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
    assert.equal(chat.usage?.prompt_tokens, 6);
    assert.equal(chat.usage?.completion_tokens, 5);
    assert.equal(chat.usage?.total_tokens, 11);

    const sent = upstream();
    assert.equal(sent.path, '/llama2/raw');
    assert.equal(sent.body.inputs, '<s>[INST] <<SYS>> Be brief. <</SYS>> Hello from the SDK [/INST]');
    assert.deepEqual(sent.body.parameters, { max_new_tokens: 20, stream: false });

    const proxy = lastAnalytics('/raw/chat');
    assert.equal(dig(proxy, 'meta', 'provider_name'), 'llama2');
    assert.equal(dig(proxy, 'usage', 'prompt_tokens'), 6);
  });

  it('completions: the prompt inside Kong\'s fixed system template', async () => {
    const completion = await stack.openai('/raw/completions').completions.create({ model: MODEL, prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.equal(completion.usage?.prompt_tokens, 7);
    assert.equal(completion.usage?.completion_tokens, 3);
    assert.equal(upstream().body.inputs, '<s> [INST] <<SYS>> You are a helpful assistant. <<SYS>> Say this [/INST]');
  });

  it('streaming and tool results are 400s in the raw format, before reaching the server', async () => {
    const sent = stack.mock.requests.length;
    await assert.rejects(
      stack.openai('/raw/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }], stream: true }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && err.message.includes('the llama2 raw format does not support streaming'),
    );
    await assert.rejects(
      stack.openai('/raw/chat').chat.completions.create({
        model: MODEL,
        messages: [
          { role: 'user', content: 'Lyon' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
      }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && err.message.includes("role 'tool' is not supported by the llama2 raw format"),
    );
    assert.equal(stack.mock.requests.length, sent, 'nothing reached the upstream');
  });

  it('a server error keeps its status and its message', async () => {
    await assert.rejects(
      stack.openai('/raw/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '500' } }),
      (err: unknown) => err instanceof OpenAI.InternalServerError && err.status === 500 && err.message.includes('llama runner process has terminated'),
    );
  });
});

describe('llama2 openai format via ai-proxy-js', () => {
  it('chat: the body passes as OpenAI, the key as Bearer; a server-only URL gets /v1/chat/completions', async () => {
    const chat = await stack.openai('/oai/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hello from the SDK' }] });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hello from the SDK');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
    assert.equal(chat.usage?.prompt_tokens, 4);
    assert.equal(chat.usage?.completion_tokens, 5);
    let sent = upstream();
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.headers.authorization, 'Bearer mock-key');
    assert.equal(sent.body.model, MODEL);

    const viaServer = await stack.openai('/oai/server').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'server only' }] });
    assert.equal(viaServer.choices[0]?.message.content, 'Echo: server only');
    sent = upstream();
    assert.equal(sent.path, '/v1/chat/completions');
  });

  it('chat stream with usage', async () => {
    const got = await collect(
      await stack.openai('/oai/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'one two three four' }], stream: true, stream_options: { include_usage: true } }),
    );
    assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
    assert.equal(got.text, 'Echo: one two three four');
    assert.equal(got.finish, 'stop');
    assert.equal(got.usage?.prompt_tokens, 4);
    assert.equal(got.usage?.completion_tokens, 5);
  });

  it('tool call round trip and a streamed tool call', async () => {
    const client = stack.openai('/oai/chat');
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Lyon' };
    const first = await client.chat.completions.create({ model: MODEL, messages: [question], tools: [WEATHER_TOOL] });
    const choice = first.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    const call = choice?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function', 'a function tool call');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Lyon', days: 1 });

    const second = await client.chat.completions.create({
      model: MODEL,
      tools: [WEATHER_TOOL],
      messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' }],
    });
    assert.deepEqual(dig(upstream().body, 'messages', 2), { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' });
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');

    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'What about Saint Malo' }], tools: [WEATHER_TOOL], stream: true }));
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.calls.length, 1);
    assert.equal(got.calls[0]?.name, 'get_weather');
    assert.ok((got.calls[0]?.id ?? '').length > 0);
    assert.deepEqual(JSON.parse(got.calls[0]?.arguments ?? ''), { city: 'What about Saint Malo', days: 4 });
  });

  it('completions and embeddings', async () => {
    const completion = await stack.openai('/oai/completions').completions.create({ model: MODEL, prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(upstream().path, '/v1/completions');

    const embedding = await stack.openai('/oai/embeddings').embeddings.create({ model: MODEL, input: ['first', 'second'] });
    assert.equal(upstream().path, '/v1/embeddings');
    assert.equal(embedding.data.length, 2);
    assert.equal(embedding.data[0]?.embedding.length, 8, "the mock's default dimensions");
    assert.notDeepEqual(embedding.data[0]?.embedding, embedding.data[1]?.embedding);
  });

  it('a rate limit keeps its status; a refused key is an AuthenticationError that never shows the key', async () => {
    await assert.rejects(
      stack.openai('/oai/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '429' } }),
      (err: unknown) => err instanceof OpenAI.RateLimitError && err.status === 429 && err.message.length > 0,
    );
    await assert.rejects(
      stack.openai('/oai/badkey').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.AuthenticationError, `not an AuthenticationError: ${String(err)}`);
        assert.equal(err.status, 401);
        assert.doesNotMatch(`${err.message} ${JSON.stringify(err.error)}`, /wrong-llama-key/);
        return true;
      },
    );
    assert.doesNotMatch(JSON.stringify(stack.gateway.logs), /wrong-llama-key|mock-key/, 'no credential in any log line');
  });
});

/**
 * Ollama's native API through the whole path, as Kong reaches it: `llama2_format: ollama` and
 * `mistral_format: ollama`. The `openai` SDK → local gateway → plugin server → ai-proxy-js → mock
 * Ollama (`/api/chat`, `/api/generate`, `/api/embed`, JSON-lines streams, no credential) → back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import { readJsonFixture } from '../helpers/paths';

const WEATHER_TOOL = readJsonFixture<OpenAI.ChatCompletionFunctionTool>('e2e', 'weather-tool.json');
const stats = { log_statistics: true, log_payloads: false };
const MODEL = 'llama3.1:8b';

let stack: AiStack;

before(async () => {
  stack = await startAiStack((mock) => {
    const llama2 = (path: string, routeType: string, upstreamUrl: string) => ({
      path,
      config: { route_type: routeType, logging: stats, model: { provider: 'llama2', name: MODEL, options: { llama2_format: 'ollama', upstream_url: upstreamUrl } } },
    });
    return [
      llama2('/ollama/chat', 'llm/v1/chat', `${mock}/api/chat`),
      // A URL naming only the server: the route type's endpoint is appended.
      llama2('/ollama/server', 'llm/v1/completions', mock),
      llama2('/ollama/completions', 'llm/v1/completions', `${mock}/api/generate`),
      llama2('/ollama/embeddings', 'llm/v1/embeddings', `${mock}/api/embed`),
      {
        path: '/mistral-ollama/chat',
        config: { route_type: 'llm/v1/chat', logging: stats, model: { provider: 'mistral', name: 'mistral:7b', options: { mistral_format: 'ollama', upstream_url: `${mock}/mistral/api/chat` } } },
      },
      {
        path: '/mistral-ollama/completions',
        config: { route_type: 'llm/v1/completions', model: { provider: 'mistral', name: 'mistral:7b', options: { mistral_format: 'ollama', upstream_url: `${mock}/mistral/api/generate` } } },
      },
      {
        path: '/mistral-ollama/embeddings',
        config: { route_type: 'llm/v1/embeddings', model: { provider: 'mistral', name: 'mistral:7b', options: { mistral_format: 'ollama', upstream_url: `${mock}/mistral/api/embed` } } },
      },
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

describe('ollama (llama2_format: ollama) via ai-proxy-js', () => {
  it('chat: /api/chat with stream false and options; eval counts as usage', async () => {
    const chat = await stack.openai('/ollama/chat').chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello from the SDK' },
      ],
      temperature: 0.4,
    });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hello from the SDK');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
    assert.equal(chat.usage?.prompt_tokens, 6);
    assert.equal(chat.usage?.completion_tokens, 5);
    assert.equal(chat.usage?.total_tokens, 11);

    const sent = upstream();
    assert.equal(sent.path, '/api/chat');
    assert.equal(sent.body.model, MODEL);
    assert.equal(sent.body.stream, false, 'Ollama streams unless told not to');
    assert.equal(dig(sent.body, 'options', 'temperature'), 0.4);
    assert.deepEqual(sent.body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello from the SDK' },
    ]);

    const proxy = lastAnalytics('/ollama/chat');
    assert.equal(dig(proxy, 'meta', 'provider_name'), 'llama2');
    assert.equal(dig(proxy, 'usage', 'prompt_tokens'), 6);
    assert.equal(dig(proxy, 'usage', 'completion_tokens'), 5);
  });

  it('chat: max_tokens is num_predict; the cut answer finishes with length', async () => {
    const chat = await stack.openai('/ollama/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'one two three four five' }], max_tokens: 3 });
    assert.equal(dig(upstream().body, 'options', 'num_predict'), 3);
    assert.equal(chat.choices[0]?.message.content, 'Echo: one two');
    assert.equal(chat.choices[0]?.finish_reason, 'length');
  });

  it('chat stream: JSON lines become SDK chunks, with the final counts as usage', async () => {
    const got = await collect(
      await stack.openai('/ollama/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'one two three four' }], stream: true, stream_options: { include_usage: true } }),
    );
    assert.equal(upstream().body.stream, true);
    assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
    assert.equal(got.text, 'Echo: one two three four');
    assert.equal(got.finish, 'stop');
    assert.equal(got.usage?.prompt_tokens, 4);
    assert.equal(got.usage?.completion_tokens, 5);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('a gzip JSON-lines stream is decoded before it is split into lines', async () => {
    const got = await collect(
      await stack.openai('/ollama/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'zipped lines here' }], stream: true }, { headers: { 'x-mock-gzip': '1' } }),
    );
    assert.equal(got.text, 'Echo: zipped lines here');
    assert.equal(got.finish, 'stop');
  });

  it('tool call round trip: object arguments become JSON text, the tool result goes back named', async () => {
    const client = stack.openai('/ollama/chat');
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Lyon' };
    const first = await client.chat.completions.create({ model: MODEL, messages: [question], tools: [WEATHER_TOOL] });
    assert.deepEqual(upstream().body.tools, [WEATHER_TOOL]);
    const choice = first.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    const call = choice?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function', 'a function tool call');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Lyon', days: 1 });
    assert.ok(call.id.length > 0, 'Ollama may give no id; the client still needs one');

    const second = await client.chat.completions.create({
      model: MODEL,
      tools: [WEATHER_TOOL],
      messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' }],
    });
    const messages = upstream().body.messages as Array<Record<string, unknown>>;
    assert.deepEqual(messages[1]?.tool_calls, [{ function: { name: 'get_weather', arguments: { city: 'Lyon', days: 1 } } }]);
    assert.deepEqual(messages[2], { role: 'tool', content: 'sunny and 21 degrees', tool_name: 'get_weather' });
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('streamed tool call: the call comes whole in one line and ends with tool_calls', async () => {
    const got = await collect(
      await stack.openai('/ollama/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'What about Saint Malo' }], tools: [WEATHER_TOOL], stream: true }),
    );
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.calls.length, 1);
    assert.equal(got.calls[0]?.name, 'get_weather');
    assert.ok((got.calls[0]?.id ?? '').length > 0);
    assert.deepEqual(JSON.parse(got.calls[0]?.arguments ?? ''), { city: 'What about Saint Malo', days: 4 });
  });

  it('completions on /api/generate, whole and streamed; a server-only URL gets /api/generate', async () => {
    const client = stack.openai('/ollama/completions');
    const completion = await client.completions.create({ model: MODEL, prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.equal(completion.usage?.prompt_tokens, 2);
    assert.equal(completion.usage?.completion_tokens, 3);
    assert.equal(upstream().path, '/api/generate');
    assert.equal(upstream().body.prompt, 'Say this');

    const stream = await client.completions.create({ model: MODEL, prompt: 'count one two', stream: true });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(text, 'Echo: count one two');
    assert.equal(finish, 'stop');

    const viaServer = await stack.openai('/ollama/server').completions.create({ model: MODEL, prompt: 'server only' });
    assert.equal(viaServer.choices[0]?.text, 'Echo: server only');
    assert.equal(upstream().path, '/api/generate');
  });

  it('embeddings on /api/embed (floats asked for)', async () => {
    const embedding = await stack.openai('/ollama/embeddings').embeddings.create({ model: MODEL, input: ['first text', 'second text here'], encoding_format: 'float' });
    const sent = upstream();
    assert.equal(sent.path, '/api/embed');
    assert.deepEqual(sent.body.input, ['first text', 'second text here']);
    assert.equal(embedding.data.length, 2);
    assert.equal(embedding.data[0]?.embedding.length, 8, "the mock's default dimensions");
    assert.notDeepEqual(embedding.data[0]?.embedding, embedding.data[1]?.embedding);
    assert.equal(embedding.usage.prompt_tokens, 5);
  });

  it("embeddings with the SDK's default encoding_format (base64) decode to the same vectors", async () => {
    const client = stack.openai('/ollama/embeddings');
    const asFloats = await client.embeddings.create({ model: MODEL, input: 'first text', encoding_format: 'float' });
    const byDefault = await client.embeddings.create({ model: MODEL, input: 'first text' });
    const expected = asFloats.data[0]?.embedding ?? [];
    const got = Array.from(byDefault.data[0]?.embedding ?? []);
    assert.equal(got.length, expected.length);
    got.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] ?? NaN)) < 1e-6, `component ${i}: ${v} vs ${expected[i]}`));
  });

  it('a stream cut before its `done: true` line ends in an error the SDK raises', async () => {
    const stream = await stack.openai('/ollama/chat').chat.completions.create(
      { model: MODEL, messages: [{ role: 'user', content: 'a b c d e f' }], stream: true },
      { headers: { 'x-mock-truncate': '3' } },
    );
    await assert.rejects(async () => {
      for await (const _ of stream) {
        // drain
      }
    }, /the llama2 stream ended before it was complete/);
  });

  it("server errors keep their status and Ollama's message", async () => {
    await assert.rejects(
      stack.openai('/ollama/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '500' } }),
      (err: unknown) => err instanceof OpenAI.InternalServerError && err.status === 500 && err.message.includes('llama runner process has terminated'),
    );
    await assert.rejects(
      stack.openai('/ollama/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '429' } }),
      (err: unknown) => err instanceof OpenAI.RateLimitError && err.status === 429 && err.message.includes('server busy'),
    );
  });
});

describe('ollama (mistral_format: ollama) via ai-proxy-js', () => {
  it('chat and stream reach /api/chat under the mistral provider', async () => {
    const client = stack.openai('/mistral-ollama/chat');
    const chat = await client.chat.completions.create({ model: 'mistral:7b', messages: [{ role: 'user', content: 'Bonjour Mistral' }] });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Bonjour Mistral');
    assert.equal(chat.usage?.prompt_tokens, 2);
    assert.equal(chat.usage?.completion_tokens, 3);
    const sent = upstream();
    assert.equal(sent.path, '/mistral/api/chat');
    assert.equal(sent.body.model, 'mistral:7b');
    assert.equal(sent.body.stream, false);
    assert.equal(dig(lastAnalytics('/mistral-ollama/chat'), 'meta', 'provider_name'), 'mistral');

    const got = await collect(await client.chat.completions.create({ model: 'mistral:7b', messages: [{ role: 'user', content: 'stream it now' }], stream: true }));
    assert.equal(got.text, 'Echo: stream it now');
    assert.equal(got.finish, 'stop');
  });

  it('completions on /api/generate and embeddings on /api/embed under the mistral provider', async () => {
    const completion = await stack.openai('/mistral-ollama/completions').completions.create({ model: 'mistral:7b', prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(upstream().path, '/mistral/api/generate');
    assert.equal(upstream().body.stream, false);

    const embedding = await stack.openai('/mistral-ollama/embeddings').embeddings.create({ model: 'mistral:7b', input: ['first', 'second'] });
    assert.equal(upstream().path, '/mistral/api/embed');
    assert.equal(embedding.data.length, 2);
    assert.equal(embedding.data[0]?.embedding.length, 8, "the mock's default dimensions");
    assert.notDeepEqual(embedding.data[0]?.embedding, embedding.data[1]?.embedding);
  });
});

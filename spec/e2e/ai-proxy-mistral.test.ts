/**
 * Mistral (`mistral_format: openai`) through the whole path: the `openai` SDK → local gateway →
 * plugin server → ai-proxy-js → mock La Plateforme (`/mistral/v1/chat/completions`,
 * `/mistral/v1/embeddings`, `Authorization: Bearer`) → back. The `ollama` format is covered in
 * ai-proxy-ollama.test.ts. api.mistral.ai has no OpenAI-style completions endpoint (its FIM API
 * takes another body): completions go to a self-hosted OpenAI-compatible server (vLLM serving a
 * Mistral model), played by the mock's OpenAI `/v1/completions`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import { readJsonFixture } from '../helpers/paths';

const WEATHER_TOOL = readJsonFixture<OpenAI.ChatCompletionFunctionTool>('e2e', 'weather-tool.json');
const KEY = { header_name: 'Authorization', header_value: 'Bearer mock-key' };
const stats = { log_statistics: true, log_payloads: false };
const MODEL = 'mistral-large-latest';

let stack: AiStack;

before(async () => {
  stack = await startAiStack((mock) => {
    const route = (path: string, routeType: string, upstream: string, name = MODEL, auth: Record<string, string> = KEY) => ({
      path,
      config: { route_type: routeType, auth, logging: stats, model: { provider: 'mistral', name, options: { mistral_format: 'openai', upstream_url: `${mock}${upstream}` } } },
    });
    return [
      route('/mistral/chat', 'llm/v1/chat', '/mistral/v1/chat/completions'),
      route('/mistral/embeddings', 'llm/v1/embeddings', '/mistral/v1/embeddings', 'mistral-embed'),
      route('/mistral/completions', 'llm/v1/completions', '/v1/completions', 'mistral-7b-instruct'),
      route('/mistral/badkey', 'llm/v1/chat', '/mistral/v1/chat/completions', MODEL, { header_name: 'Authorization', header_value: 'Bearer wrong-mistral-key' }),
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

describe('mistral (openai format) via ai-proxy-js', () => {
  it('chat: the OpenAI body reaches /v1/chat/completions with the Bearer key; usage as Mistral counts it', async () => {
    const chat = await stack.openai('/mistral/chat').chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello from the SDK' },
      ],
      temperature: 0.3,
    });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hello from the SDK');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
    assert.equal(chat.usage?.prompt_tokens, 6);
    assert.equal(chat.usage?.completion_tokens, 5);
    assert.equal(chat.usage?.total_tokens, 11);

    const sent = upstream();
    assert.equal(sent.path, '/mistral/v1/chat/completions');
    assert.equal(sent.headers.authorization, 'Bearer mock-key', 'the configured key replaced the client one');
    assert.equal(sent.body.model, MODEL);
    assert.equal(sent.body.temperature, 0.3);
    assert.deepEqual(sent.body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello from the SDK' },
    ]);

    const proxy = lastAnalytics('/mistral/chat');
    assert.equal(dig(proxy, 'meta', 'provider_name'), 'mistral');
    assert.equal(dig(proxy, 'usage', 'prompt_tokens'), 6);
    assert.equal(dig(proxy, 'usage', 'completion_tokens'), 5);
  });

  it('chat: max_tokens and stop reach Mistral; length and stop come back', async () => {
    const client = stack.openai('/mistral/chat');
    const capped = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'one two three four five' }], max_tokens: 3 });
    assert.equal(upstream().body.max_tokens, 3);
    assert.equal(capped.choices[0]?.message.content, 'Echo: one two');
    assert.equal(capped.choices[0]?.finish_reason, 'length');

    const stopped = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'red green blue' }], stop: ['blue'] });
    assert.deepEqual(upstream().body.stop, ['blue']);
    assert.equal(stopped.choices[0]?.message.content, 'Echo: red green');
    assert.equal(stopped.choices[0]?.finish_reason, 'stop');
  });

  it('chat stream: the SDK iterator yields the text, the finish reason and the usage Mistral puts on its last chunk', async () => {
    const got = await collect(
      await stack.openai('/mistral/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'one two three four' }], stream: true, stream_options: { include_usage: true } }),
    );
    assert.equal(upstream().body.stream, true);
    assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
    assert.equal(got.text, 'Echo: one two three four');
    assert.equal(got.finish, 'stop');
    assert.equal(got.usage?.prompt_tokens, 4);
    assert.equal(got.usage?.completion_tokens, 5);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('tool call round trip: Mistral call ids survive the way back', async () => {
    const client = stack.openai('/mistral/chat');
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Lyon' };
    const first = await client.chat.completions.create({ model: MODEL, messages: [question], tools: [WEATHER_TOOL], tool_choice: 'auto' });
    assert.deepEqual(upstream().body.tools, [WEATHER_TOOL]);
    const choice = first.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    const call = choice?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function', 'a function tool call');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Lyon', days: 1 });
    assert.match(call.id, /^[A-Za-z0-9]{9}$/, "Mistral's ids are 9 alphanumerics");

    const second = await client.chat.completions.create({
      model: MODEL,
      tools: [WEATHER_TOOL],
      messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' }],
    });
    const messages = upstream().body.messages as Array<Record<string, unknown>>;
    assert.equal(messages.length, 3);
    assert.deepEqual(messages[2], { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' });
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('streamed tool call: argument pieces join into JSON', async () => {
    const got = await collect(
      await stack.openai('/mistral/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'What about Saint Malo' }], tools: [WEATHER_TOOL], stream: true }),
    );
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.calls.length, 1);
    assert.equal(got.calls[0]?.name, 'get_weather');
    assert.match(got.calls[0]?.id ?? '', /^[A-Za-z0-9]{9}$/);
    assert.deepEqual(JSON.parse(got.calls[0]?.arguments ?? ''), { city: 'What about Saint Malo', days: 4 });
  });

  it('completions on a self-hosted OpenAI-compatible server, whole and streamed', async () => {
    const client = stack.openai('/mistral/completions');
    const completion = await client.completions.create({ model: 'mistral-7b-instruct', prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.equal(completion.usage?.prompt_tokens, 2);
    assert.equal(completion.usage?.completion_tokens, 3);
    const sent = upstream();
    assert.equal(sent.path, '/v1/completions');
    assert.equal(sent.headers.authorization, 'Bearer mock-key');
    assert.equal(sent.body.prompt, 'Say this');

    const stream = await client.completions.create({ model: 'mistral-7b-instruct', prompt: 'count one two', stream: true });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(text, 'Echo: count one two');
    assert.equal(finish, 'stop');
  });

  it('embeddings: as floats and in the SDK default base64, the same vectors', async () => {
    const client = stack.openai('/mistral/embeddings');
    const floats = await client.embeddings.create({ model: 'mistral-embed', input: ['first text', 'second text here'], encoding_format: 'float' });
    assert.equal(upstream().path, '/mistral/v1/embeddings');
    assert.equal(upstream().headers.authorization, 'Bearer mock-key');
    assert.equal(floats.data.length, 2);
    assert.equal(floats.data[0]?.embedding.length, 8, "the mock's default dimensions");
    assert.notDeepEqual(floats.data[0]?.embedding, floats.data[1]?.embedding);
    assert.equal(floats.usage.prompt_tokens, 5);

    const byDefault = await client.embeddings.create({ model: 'mistral-embed', input: ['first text', 'second text here'] });
    assert.equal(upstream().body.encoding_format, 'base64', 'the SDK asked for base64 and the passthrough kept it');
    byDefault.data.forEach((d, i) => {
      const expected = floats.data[i]?.embedding ?? [];
      assert.equal(d.embedding.length, expected.length);
      Array.from(d.embedding).forEach((v, j) => assert.ok(Math.abs(v - (expected[j] ?? NaN)) < 1e-6, `vector ${i}[${j}]: ${v} vs ${expected[j]}`));
    });
  });

  it('rate limit and server errors keep their status and carry Mistral message', async () => {
    const client = stack.openai('/mistral/chat');
    await assert.rejects(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '429' } }),
      (err: unknown) => err instanceof OpenAI.RateLimitError && err.status === 429 && err.message.includes('Requests rate limit exceeded'),
    );
    await assert.rejects(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '500' } }),
      (err: unknown) => err instanceof OpenAI.InternalServerError && err.status === 500 && err.message.includes('Internal server error'),
    );
  });

  it('a refused key is a 401 AuthenticationError that never shows the key', async () => {
    await assert.rejects(
      stack.openai('/mistral/badkey').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.AuthenticationError, `not an AuthenticationError: ${String(err)}`);
        assert.equal(err.status, 401);
        assert.match(err.message, /Unauthorized/);
        assert.doesNotMatch(`${err.message} ${JSON.stringify(err.error)}`, /wrong-mistral-key/);
        return true;
      },
    );
    assert.doesNotMatch(JSON.stringify(stack.gateway.logs), /wrong-mistral-key|mock-key/, 'no credential in any log line');
    assert.equal(upstream().headers.authorization, 'Bearer wrong-mistral-key', 'the configured (wrong) key was the one sent');
  });
});

/**
 * Cohere through the whole path: the `openai` SDK → local gateway → plugin server → ai-proxy-js →
 * mock Cohere (v1 chat and generate with JSON-lines streams, v2 chat with SSE and tools, v2 embed,
 * `Authorization: Bearer`) → back. The mock's tokens are words (see src/mock/echo.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import { readJsonFixture } from '../helpers/paths';

const WEATHER_TOOL = readJsonFixture<OpenAI.ChatCompletionFunctionTool>('e2e', 'weather-tool.json');
const KEY = { header_name: 'Authorization', header_value: 'Bearer mock-key' };
const stats = { log_statistics: true, log_payloads: false };
const MODEL = 'command-r-plus';

let stack: AiStack;

before(async () => {
  stack = await startAiStack((mock) => {
    const route = (path: string, routeType: string, upstream: string, name = MODEL, auth: Record<string, string> = KEY) => ({
      path,
      config: { route_type: routeType, auth, logging: stats, model: { provider: 'cohere', name, options: { upstream_url: `${mock}${upstream}` } } },
    });
    return [
      route('/cohere/chat', 'llm/v1/chat', '/v1/chat'),
      route('/cohere/v2chat', 'llm/v1/chat', '/v2/chat'),
      route('/cohere/completions', 'llm/v1/completions', '/v1/generate', 'command'),
      route('/cohere/embeddings', 'llm/v1/embeddings', '/v2/embed', 'embed-english-v3.0'),
      route('/cohere/badkey', 'llm/v1/chat', '/v1/chat', MODEL, { header_name: 'Authorization', header_value: 'Bearer wrong-cohere-key' }),
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

describe('cohere via ai-proxy-js', () => {
  it('v1 chat: message, chat_history and preamble; the Bearer key; billed units as usage', async () => {
    const chat = await stack.openai('/cohere/chat').chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'first answer' },
        { role: 'user', content: 'Hello from the SDK' },
      ],
    });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hello from the SDK');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
    // preamble 2 + history 4 + message 4 words in, 5 words out.
    assert.equal(chat.usage?.prompt_tokens, 10);
    assert.equal(chat.usage?.completion_tokens, 5);
    assert.equal(chat.usage?.total_tokens, 15);

    const sent = upstream();
    assert.equal(sent.path, '/v1/chat');
    assert.equal(sent.headers.authorization, 'Bearer mock-key', 'the configured key replaced the client one');
    assert.equal(sent.body.model, MODEL);
    assert.equal(sent.body.message, 'Hello from the SDK');
    assert.equal(sent.body.preamble, 'Be brief.');
    assert.deepEqual(sent.body.chat_history, [
      { role: 'USER', message: 'first question' },
      { role: 'CHATBOT', message: 'first answer' },
    ]);

    const proxy = lastAnalytics('/cohere/chat');
    assert.equal(dig(proxy, 'meta', 'provider_name'), 'cohere');
    assert.equal(dig(proxy, 'usage', 'prompt_tokens'), 10);
    assert.equal(dig(proxy, 'usage', 'completion_tokens'), 5);
  });

  it('v1 chat stream: JSON lines become SDK chunks, with the final usage', async () => {
    const stream = await stack.openai('/cohere/chat').chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'one two three four' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const got = await collect(stream);
    assert.equal(upstream().body.stream, true);
    assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
    assert.equal(got.text, 'Echo: one two three four');
    assert.equal(got.finish, 'stop');
    assert.equal(got.usage?.prompt_tokens, 4);
    assert.equal(got.usage?.completion_tokens, 5);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('v1 chat: max_tokens cuts the answer (MAX_TOKENS is length)', async () => {
    const chat = await stack.openai('/cohere/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'a b c d e' }], max_tokens: 2 });
    assert.equal(upstream().body.max_tokens, 2);
    assert.equal(chat.choices[0]?.message.content, 'Echo: a');
    assert.equal(chat.choices[0]?.finish_reason, 'length');
  });

  it('v1 tool call round trip: parameter_definitions out, ids made up for the client, tool_results back', async () => {
    const client = stack.openai('/cohere/chat');
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Lyon' };
    const first = await client.chat.completions.create({ model: MODEL, messages: [question], tools: [WEATHER_TOOL] });
    assert.deepEqual(upstream().body.tools, [
      {
        name: 'get_weather',
        description: WEATHER_TOOL.function.description,
        parameter_definitions: {
          city: { type: 'str', description: 'The city name.', required: true },
          days: { type: 'int', description: 'How many days ahead.', required: true },
        },
      },
    ]);
    const choice = first.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    const call = choice?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function', 'a function tool call');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Lyon', days: 1 });
    assert.ok(call.id.length > 0, 'v1 gives no id; the client still needs one');

    const second = await client.chat.completions.create({
      model: MODEL,
      tools: [WEATHER_TOOL],
      messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' }],
    });
    const sent = upstream().body;
    assert.equal(sent.message, '');
    assert.deepEqual(sent.tool_results, [{ call: { name: 'get_weather', parameters: { city: 'Lyon', days: 1 } }, outputs: [{ result: 'sunny and 21 degrees' }] }]);
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('v1 streamed tool call: the tool-calls-generation line becomes one call', async () => {
    const got = await collect(
      await stack.openai('/cohere/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'What about Saint Malo' }], tools: [WEATHER_TOOL], stream: true }),
    );
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.calls.length, 1);
    assert.equal(got.calls[0]?.name, 'get_weather');
    assert.ok((got.calls[0]?.id ?? '').length > 0, 'the call has an id');
    assert.deepEqual(JSON.parse(got.calls[0]?.arguments ?? ''), { city: 'What about Saint Malo', days: 4 });
  });

  it('v2 chat and its SSE stream', async () => {
    const client = stack.openai('/cohere/v2chat');
    const chat = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi version two' },
      ],
    });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hi version two');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
    assert.equal(chat.usage?.prompt_tokens, 5);
    assert.equal(chat.usage?.completion_tokens, 4);
    const sent = upstream();
    assert.equal(sent.path, '/v2/chat');
    assert.equal(sent.headers.authorization, 'Bearer mock-key');
    assert.deepEqual(sent.body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi version two' },
    ]);

    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'stream me please' }], stream: true, stream_options: { include_usage: true } }));
    assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
    assert.equal(got.text, 'Echo: stream me please');
    assert.equal(got.finish, 'stop');
    assert.equal(got.usage?.prompt_tokens, 3);
    assert.equal(got.usage?.completion_tokens, 4);
  });

  it('v2 tool call round trip: TOOL_CALL becomes tool_calls, the tool message goes back as role tool', async () => {
    const client = stack.openai('/cohere/v2chat');
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Lyon' };
    const first = await client.chat.completions.create({ model: MODEL, messages: [question], tools: [WEATHER_TOOL] });
    assert.deepEqual(upstream().body.tools, [WEATHER_TOOL]);
    const choice = first.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    const call = choice?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function', 'a function tool call');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Lyon', days: 1 });
    assert.match(call.id, /^get_weather_/);

    const second = await client.chat.completions.create({
      model: MODEL,
      tools: [WEATHER_TOOL],
      messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' }],
    });
    const messages = upstream().body.messages as Array<Record<string, unknown>>;
    assert.equal(messages.length, 3);
    assert.deepEqual((messages[1]?.tool_calls as unknown[] | undefined)?.[0], { id: call.id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon","days":1}' } });
    assert.deepEqual(messages[2], { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' });
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('v2 streamed tool call: tool-call-start/-delta events join into one call', async () => {
    const got = await collect(
      await stack.openai('/cohere/v2chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'What about Saint Malo' }], tools: [WEATHER_TOOL], stream: true }),
    );
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.calls.length, 1);
    assert.equal(got.calls[0]?.name, 'get_weather');
    assert.match(got.calls[0]?.id ?? '', /^get_weather_/);
    assert.deepEqual(JSON.parse(got.calls[0]?.arguments ?? ''), { city: 'What about Saint Malo', days: 4 });
  });

  it('completions on /v1/generate, whole and streamed', async () => {
    const client = stack.openai('/cohere/completions');
    const completion = await client.completions.create({ model: 'command', prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.equal(completion.usage?.prompt_tokens, 2);
    assert.equal(completion.usage?.completion_tokens, 3);
    const sent = upstream();
    assert.equal(sent.path, '/v1/generate');
    assert.equal(sent.body.prompt, 'Say this');

    const stream = await client.completions.create({ model: 'command', prompt: 'count one two', stream: true });
    let text = '';
    let finish: string | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.ok(chunks > 2, `only ${chunks} chunks`);
    assert.equal(text, 'Echo: count one two');
    assert.equal(finish, 'stop');
  });

  it('embeddings on /v2/embed: float vectors, one per input, the input type from the config default', async () => {
    const embedding = await stack.openai('/cohere/embeddings').embeddings.create({ model: 'embed-english-v3.0', input: ['first text', 'second text here'], encoding_format: 'float' });
    assert.equal(embedding.object, 'list');
    assert.equal(embedding.data.length, 2);
    assert.deepEqual(
      embedding.data.map((d) => d.index),
      [0, 1],
    );
    assert.equal(embedding.data[0]?.embedding.length, 8, "the mock's default dimensions");
    assert.notDeepEqual(embedding.data[0]?.embedding, embedding.data[1]?.embedding);
    assert.equal(embedding.usage.prompt_tokens, 5);
    const sent = upstream();
    assert.equal(sent.path, '/v2/embed');
    assert.deepEqual(sent.body.texts, ['first text', 'second text here']);
    assert.equal(sent.body.input_type, 'classification');
    assert.deepEqual(sent.body.embedding_types, ['float']);
  });

  it('embeddings: dimensions is v2 output_dimension', async () => {
    const embedding = await stack.openai('/cohere/embeddings').embeddings.create({ model: 'embed-english-v3.0', input: 'sized text', dimensions: 16, encoding_format: 'float' });
    assert.equal(upstream().body.output_dimension, 16);
    assert.equal(embedding.data[0]?.embedding.length, 16);
  });

  it("embeddings with the SDK's default encoding_format (base64) decode to the same vectors", async () => {
    const client = stack.openai('/cohere/embeddings');
    const asFloats = await client.embeddings.create({ model: 'embed-english-v3.0', input: 'first text', encoding_format: 'float' });
    const byDefault = await client.embeddings.create({ model: 'embed-english-v3.0', input: 'first text' });
    const expected = asFloats.data[0]?.embedding ?? [];
    const got = Array.from(byDefault.data[0]?.embedding ?? []);
    assert.equal(got.length, expected.length);
    got.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] ?? NaN)) < 1e-6, `component ${i}: ${v} vs ${expected[i]}`));
  });

  it('a stream cut before its stream-end line ends in an error the SDK raises', async () => {
    const stream = await stack.openai('/cohere/chat').chat.completions.create(
      { model: MODEL, messages: [{ role: 'user', content: 'a b c d e f' }], stream: true },
      { headers: { 'x-mock-truncate': '3' } },
    );
    await assert.rejects(async () => {
      for await (const _ of stream) {
        // drain
      }
    }, /the cohere stream ended before it was complete/);
  });

  it('rate limit and server errors keep their status and carry Cohere message', async () => {
    const client = stack.openai('/cohere/chat');
    await assert.rejects(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '429' } }),
      (err: unknown) => err instanceof OpenAI.RateLimitError && err.status === 429 && err.message.includes('Trial key'),
    );
    await assert.rejects(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '500' } }),
      (err: unknown) => err instanceof OpenAI.InternalServerError && err.status === 500 && err.message.includes('internal server error'),
    );
  });

  it('a refused key is a 401 AuthenticationError that never shows the key', async () => {
    await assert.rejects(
      stack.openai('/cohere/badkey').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.AuthenticationError, `not an AuthenticationError: ${String(err)}`);
        assert.equal(err.status, 401);
        assert.match(err.message, /invalid api token/);
        assert.doesNotMatch(`${err.message} ${JSON.stringify(err.error)}`, /wrong-cohere-key/);
        return true;
      },
    );
    assert.doesNotMatch(JSON.stringify(stack.gateway.logs), /wrong-cohere-key|mock-key/, 'no credential in any log line');
    assert.equal(upstream().headers.authorization, 'Bearer wrong-cohere-key', 'the configured (wrong) key was the one sent');
  });
});

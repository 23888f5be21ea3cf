/**
 * Anthropic through the whole path: the `openai` SDK → local gateway → plugin server →
 * ai-proxy-js → mock Anthropic (`/v1/messages`, `/v1/complete`, `x-api-key`, event streams) → back.
 * The mock's tokens are words, so usage numbers are predictable (see src/mock/echo.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import { readJsonFixture } from '../helpers/paths';

const WEATHER_TOOL = readJsonFixture<OpenAI.ChatCompletionFunctionTool>('e2e', 'weather-tool.json');
const VERSION = '2023-06-01';
const KEY = { header_name: 'x-api-key', header_value: 'mock-key' };
const stats = { log_statistics: true, log_payloads: false };

let stack: AiStack;

before(async () => {
  stack = await startAiStack((mock) => {
    const options = (path: string, extra: Record<string, unknown> = {}) => ({ upstream_url: `${mock}${path}`, anthropic_version: VERSION, ...extra });
    return [
      { path: '/anthropic/chat', config: { route_type: 'llm/v1/chat', auth: KEY, logging: stats, model: { provider: 'anthropic', name: 'claude-3-5-sonnet-20241022', options: options('/v1/messages') } } },
      { path: '/anthropic/capped', config: { route_type: 'llm/v1/chat', auth: KEY, model: { provider: 'anthropic', name: 'claude-3-5-sonnet-20241022', options: options('/v1/messages', { max_tokens: 3 }) } } },
      { path: '/anthropic/completions', config: { route_type: 'llm/v1/completions', auth: KEY, model: { provider: 'anthropic', name: 'claude-2.1', options: options('/v1/complete') } } },
      { path: '/anthropic/badkey', config: { route_type: 'llm/v1/chat', auth: { header_name: 'x-api-key', header_value: 'wrong-anthropic-key' }, model: { provider: 'anthropic', name: 'claude-3-5-sonnet-20241022', options: options('/v1/messages') } } },
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

describe('anthropic via ai-proxy-js', () => {
  it('chat: system lifted out, max_tokens defaulted, x-api-key and anthropic-version sent, usage from the answer', async () => {
    const chat = await stack.openai('/anthropic/chat').chat.completions.create({
      model: 'claude-3-5-sonnet-20241022',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello from the SDK' },
      ],
    });
    assert.equal(chat.object, 'chat.completion');
    assert.equal(chat.choices[0]?.message.role, 'assistant');
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hello from the SDK');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
    // system (2 words) + user (4 words) in, "Echo: Hello from the SDK" (5 words) out.
    assert.deepEqual(
      { prompt: chat.usage?.prompt_tokens, completion: chat.usage?.completion_tokens, total: chat.usage?.total_tokens },
      { prompt: 6, completion: 5, total: 11 },
    );

    const sent = upstream();
    assert.equal(sent.path, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], 'mock-key');
    assert.equal(sent.headers['anthropic-version'], VERSION);
    assert.equal(sent.body.model, 'claude-3-5-sonnet-20241022');
    assert.equal(sent.body.system, 'Be brief.');
    assert.equal(sent.body.max_tokens, 4096, 'Anthropic requires max_tokens; the driver sends its default');
    assert.deepEqual(sent.body.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello from the SDK' }] }], 'the system message is not left in messages');

    const proxy = lastAnalytics('/anthropic/chat');
    assert.equal(dig(proxy, 'meta', 'provider_name'), 'anthropic');
    assert.equal(dig(proxy, 'usage', 'prompt_tokens'), 6);
    assert.equal(dig(proxy, 'usage', 'completion_tokens'), 5);
  });

  it('chat: max_tokens from model.options caps the answer (finish_reason length), stop sequences map to stop', async () => {
    const capped = await stack.openai('/anthropic/capped').chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'one two three four five' }] });
    assert.equal(upstream().body.max_tokens, 3);
    assert.equal(capped.choices[0]?.message.content, 'Echo: one two');
    assert.equal(capped.choices[0]?.finish_reason, 'length');
    assert.equal(capped.usage?.completion_tokens, 3);

    const stopped = await stack.openai('/anthropic/chat').chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'red green blue' }], stop: ['blue'], temperature: 0.2 });
    const sent = upstream().body;
    assert.deepEqual(sent.stop_sequences, ['blue']);
    assert.equal(sent.temperature, 0.2);
    assert.equal(stopped.choices[0]?.message.content, 'Echo: red green');
    assert.equal(stopped.choices[0]?.finish_reason, 'stop');
  });

  it('chat stream: the SDK iterator yields the text, the finish reason and the usage', async () => {
    const stream = await stack.openai('/anthropic/chat').chat.completions.create({
      model: 'claude-3-5-sonnet-20241022',
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

  it('tool call round trip: tool_use becomes tool_calls, the tool message becomes a tool_result', async () => {
    const client = stack.openai('/anthropic/chat');
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Lyon' };
    const first = await client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [question], tools: [WEATHER_TOOL] });
    const sentTools = upstream().body.tools;
    assert.deepEqual(sentTools, [{ name: 'get_weather', description: WEATHER_TOOL.function.description, input_schema: WEATHER_TOOL.function.parameters }]);

    const choice = first.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    const call = choice?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function', 'a function tool call');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Lyon', days: 1 });
    assert.match(call.id, /^toolu_/);

    const second = await client.chat.completions.create({
      model: 'claude-3-5-sonnet-20241022',
      tools: [WEATHER_TOOL],
      messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' }],
    });
    const messages = upstream().body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    assert.deepEqual(
      messages.map((m) => m.role),
      ['user', 'assistant', 'user'],
    );
    assert.deepEqual(messages[1]?.content, [{ type: 'tool_use', id: call.id, name: 'get_weather', input: { city: 'Lyon', days: 1 } }]);
    assert.deepEqual(messages[2]?.content, [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny and 21 degrees' }]);
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('streamed tool call: input_json_delta pieces join into the arguments', async () => {
    const stream = await stack.openai('/anthropic/chat').chat.completions.create({
      model: 'claude-3-5-sonnet-20241022',
      messages: [{ role: 'user', content: 'What about Saint Malo' }],
      tools: [WEATHER_TOOL],
      stream: true,
    });
    const got = await collect(stream);
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.text, '');
    assert.equal(got.calls.length, 1);
    assert.equal(got.calls[0]?.name, 'get_weather');
    assert.match(got.calls[0]?.id ?? '', /^toolu_/);
    assert.deepEqual(JSON.parse(got.calls[0]?.arguments ?? ''), { city: 'What about Saint Malo', days: 4 });
  });

  it('tool_choice: required is {type: any}, a named function is {type: tool}', async () => {
    const client = stack.openai('/anthropic/chat');
    const required = await client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'Nice' }], tools: [WEATHER_TOOL], tool_choice: 'required' });
    assert.deepEqual(upstream().body.tool_choice, { type: 'any' });
    assert.equal(required.choices[0]?.finish_reason, 'tool_calls');
    const named = await client.chat.completions.create({
      model: 'claude-3-5-sonnet-20241022',
      messages: [{ role: 'user', content: 'Nice' }],
      tools: [WEATHER_TOOL],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
    assert.deepEqual(upstream().body.tool_choice, { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });
    const call = named.choices[0]?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
  });

  it('a gzip answer is decoded for the client, whole and streamed', async () => {
    const client = stack.openai('/anthropic/chat');
    const chat = await client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'zipped whole' }] }, { headers: { 'x-mock-gzip': '1' } });
    assert.equal(chat.choices[0]?.message.content, 'Echo: zipped whole');
    const got = await collect(
      await client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'zipped stream' }], stream: true }, { headers: { 'x-mock-gzip': '1' } }),
    );
    assert.equal(got.text, 'Echo: zipped stream');
    assert.equal(got.finish, 'stop');
  });

  it('completions: the legacy Text Completions API with a Human/Assistant prompt', async () => {
    const completion = await stack.openai('/anthropic/completions').completions.create({ model: 'claude-2.1', prompt: 'Say this', max_tokens: 50 });
    assert.equal(completion.choices[0]?.text.trim(), 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    const sent = upstream();
    assert.equal(sent.path, '/v1/complete');
    assert.equal(sent.headers['x-api-key'], 'mock-key');
    assert.equal(sent.body.prompt, '\n\nHuman: Say this\n\nAssistant:');
    assert.equal(sent.body.max_tokens_to_sample, 50);
  });

  it('a stream cut before its message_stop ends in an error the SDK raises', async () => {
    const stream = await stack.openai('/anthropic/chat').chat.completions.create(
      { model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'a b c d e f' }], stream: true },
      { headers: { 'x-mock-truncate': '3' } },
    );
    await assert.rejects(async () => {
      for await (const _ of stream) {
        // drain
      }
    }, /the anthropic stream ended before it was complete/);
  });

  it('rate limit and server errors keep their status and Anthropic message', async () => {
    const client = stack.openai('/anthropic/chat');
    await assert.rejects(
      client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '429' } }),
      (err: unknown) => err instanceof OpenAI.RateLimitError && err.status === 429 && /rate limit/i.test(err.message),
    );
    await assert.rejects(
      client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '500' } }),
      (err: unknown) => err instanceof OpenAI.InternalServerError && err.status === 500 && err.message.includes('Internal server error'),
    );
    // Anthropic's own "overloaded" status.
    await assert.rejects(
      client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '529' } }),
      (err: unknown) => err instanceof OpenAI.APIError && err.status === 529 && err.message.includes('Overloaded'),
    );
  });

  it('a refused key is a 401 AuthenticationError that never shows the key', async () => {
    await assert.rejects(
      stack.openai('/anthropic/badkey').chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.AuthenticationError, `not an AuthenticationError: ${String(err)}`);
        assert.equal(err.status, 401);
        assert.match(err.message, /invalid x-api-key/);
        assert.doesNotMatch(`${err.message} ${JSON.stringify(err.error)}`, /wrong-anthropic-key/);
        return true;
      },
    );
    assert.doesNotMatch(JSON.stringify(stack.gateway.logs), /wrong-anthropic-key|mock-key/, 'no credential in any log line');
    assert.equal(upstream().headers['x-api-key'], 'wrong-anthropic-key', 'the configured (wrong) key was the one sent');
  });
});

/**
 * Hugging Face through the whole path: the `openai` SDK → local gateway → plugin server →
 * ai-proxy-js → mock Inference API (`/models/<owner>/<model>/v1/chat/completions` for chat,
 * `/models/<owner>/<model>` text-generation with TGI token streams, `Authorization: Bearer`) → back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import { readJsonFixture } from '../helpers/paths';

const WEATHER_TOOL = readJsonFixture<OpenAI.ChatCompletionFunctionTool>('e2e', 'weather-tool.json');
const KEY = { header_name: 'Authorization', header_value: 'Bearer mock-key' };
const stats = { log_statistics: true, log_payloads: false };
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const EMBED_MODEL = 'sentence-transformers/all-MiniLM-L6-v2';

let stack: AiStack;

before(async () => {
  stack = await startAiStack((mock) => {
    const route = (path: string, routeType: string, options: Record<string, unknown>, name = MODEL, auth: Record<string, string> = KEY) => ({
      path,
      config: { route_type: routeType, auth, logging: stats, model: { provider: 'huggingface', name, options } },
    });
    return [
      // The model's URL: the driver appends the Messages API path for chat.
      route('/hf/chat', 'llm/v1/chat', { upstream_url: `${mock}/models/${MODEL}` }),
      // A URL that already names the OpenAI-compatible chat endpoint is kept as it is.
      route('/hf/router', 'llm/v1/chat', { upstream_url: `${mock}/huggingface/v1/chat/completions` }),
      route('/hf/completions', 'llm/v1/completions', { upstream_url: `${mock}/models/${MODEL}` }),
      route('/hf/waiting', 'llm/v1/completions', { upstream_url: `${mock}/models/${MODEL}`, huggingface: { wait_for_model: true } }),
      route('/hf/embeddings', 'llm/v1/embeddings', { upstream_url: `${mock}/models/${EMBED_MODEL}` }, EMBED_MODEL),
      route('/hf/badkey', 'llm/v1/chat', { upstream_url: `${mock}/models/${MODEL}` }, MODEL, { header_name: 'Authorization', header_value: 'Bearer wrong-hf-key' }),
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

describe('huggingface via ai-proxy-js', () => {
  it("chat: the model's Messages API, the Bearer key, the Inference API flags as headers", async () => {
    const chat = await stack.openai('/hf/chat').chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello from the SDK' },
      ],
    });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hello from the SDK');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
    assert.equal(chat.usage?.prompt_tokens, 6);
    assert.equal(chat.usage?.completion_tokens, 5);
    assert.equal(chat.usage?.total_tokens, 11);

    const sent = upstream();
    assert.equal(sent.path, `/models/${MODEL}/v1/chat/completions`);
    assert.equal(sent.headers.authorization, 'Bearer mock-key', 'the configured key replaced the client one');
    assert.equal(sent.headers['x-wait-for-model'], 'false');
    assert.equal(sent.headers['x-use-cache'], 'false');
    assert.equal(sent.body.model, MODEL);
    assert.deepEqual(sent.body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello from the SDK' },
    ]);

    const proxy = lastAnalytics('/hf/chat');
    assert.equal(dig(proxy, 'meta', 'provider_name'), 'huggingface');
    assert.equal(dig(proxy, 'usage', 'prompt_tokens'), 6);
    assert.equal(dig(proxy, 'usage', 'completion_tokens'), 5);
  });

  it('chat: an upstream_url naming the chat endpoint is used as it is', async () => {
    const chat = await stack.openai('/hf/router').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'via the router' }] });
    assert.equal(chat.choices[0]?.message.content, 'Echo: via the router');
    assert.equal(upstream().path, '/huggingface/v1/chat/completions');
  });

  it('chat stream with usage', async () => {
    const got = await collect(
      await stack.openai('/hf/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'one two three four' }], stream: true, stream_options: { include_usage: true } }),
    );
    assert.equal(upstream().body.stream, true);
    assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
    assert.equal(got.text, 'Echo: one two three four');
    assert.equal(got.finish, 'stop');
    assert.equal(got.usage?.prompt_tokens, 4);
    assert.equal(got.usage?.completion_tokens, 5);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('tool call round trip and a streamed tool call', async () => {
    const client = stack.openai('/hf/chat');
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Lyon' };
    const first = await client.chat.completions.create({ model: MODEL, messages: [question], tools: [WEATHER_TOOL] });
    assert.deepEqual(upstream().body.tools, [WEATHER_TOOL]);
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
    assert.equal(second.choices[0]?.finish_reason, 'stop');

    const got = await collect(await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'What about Saint Malo' }], tools: [WEATHER_TOOL], stream: true }));
    assert.equal(got.finish, 'tool_calls');
    assert.equal(got.calls.length, 1);
    assert.equal(got.calls[0]?.name, 'get_weather');
    assert.ok((got.calls[0]?.id ?? '').length > 0);
    assert.deepEqual(JSON.parse(got.calls[0]?.arguments ?? ''), { city: 'What about Saint Malo', days: 4 });
  });

  it('completions: text-generation on the model URL, whole and as a TGI token stream', async () => {
    const client = stack.openai('/hf/completions');
    const completion = await client.completions.create({ model: MODEL, prompt: 'Say this', max_tokens: 10 });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    const sent = upstream();
    assert.equal(sent.path, `/models/${MODEL}`);
    assert.equal(sent.headers.authorization, 'Bearer mock-key');
    assert.equal(sent.body.inputs, 'Say this');
    assert.equal(dig(sent.body, 'parameters', 'max_new_tokens'), 10);
    assert.equal(dig(sent.body, 'parameters', 'return_full_text'), false);
    assert.deepEqual(sent.body.options, { use_cache: false, wait_for_model: false });


    const stream = await client.completions.create({ model: MODEL, prompt: 'count one two', stream: true });
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

  it(
    'completions cut by max_tokens finish with length and report the generated tokens',
    async () => {
      const capped = await stack.openai('/hf/completions').completions.create({ model: MODEL, prompt: 'one two three four', max_tokens: 2 });
      assert.equal(dig(upstream().body, 'parameters', 'details'), true);
      assert.equal(capped.choices[0]?.text, 'Echo: one');
      assert.equal(capped.choices[0]?.finish_reason, 'length');
      assert.equal(capped.usage?.completion_tokens, 2);
    },
  );

  it('a model still loading is a 503 that says how long and how to wait; wait_for_model waits', async () => {
    await assert.rejects(
      stack.openai('/hf/completions').completions.create({ model: MODEL, prompt: 'x' }, { headers: { 'x-mock-hf-loading': '20' } }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.APIError, `not an APIError: ${String(err)}`);
        assert.equal(err.status, 503);
        assert.match(err.message, /currently loading/);
        assert.match(err.message, /20s/);
        assert.match(err.message, /wait_for_model/);
        return true;
      },
    );
    const waited = await stack.openai('/hf/waiting').completions.create({ model: MODEL, prompt: 'patient' }, { headers: { 'x-mock-hf-loading': '20' } });
    assert.equal(waited.choices[0]?.text, 'Echo: patient');
    assert.deepEqual(upstream().body.options, { use_cache: false, wait_for_model: true });
  });

  it(
    'embeddings: feature-extraction on the model URL, one vector per input',
    async () => {
      const embedding = await stack.openai('/hf/embeddings').embeddings.create({ model: EMBED_MODEL, input: ['first text', 'second text here'], encoding_format: 'float' });
      const sent = upstream();
      assert.equal(sent.path, `/models/${EMBED_MODEL}`);
      assert.deepEqual(sent.body.inputs, ['first text', 'second text here']);
      assert.equal(embedding.data.length, 2);
      assert.ok((embedding.data[0]?.embedding.length ?? 0) > 0);
      assert.notDeepEqual(embedding.data[0]?.embedding, embedding.data[1]?.embedding);
    },
  );

  it('rate limit and server errors keep their status and carry the Hugging Face message', async () => {
    const client = stack.openai('/hf/chat');
    await assert.rejects(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '429' } }),
      (err: unknown) => err instanceof OpenAI.RateLimitError && err.status === 429 && err.message.includes('Rate limit reached'),
    );
    await assert.rejects(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '500' } }),
      (err: unknown) => err instanceof OpenAI.InternalServerError && err.status === 500 && err.message.includes('Internal Server Error'),
    );
  });

  it('a refused key is a 401 AuthenticationError that never shows the key', async () => {
    await assert.rejects(
      stack.openai('/hf/badkey').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.AuthenticationError, `not an AuthenticationError: ${String(err)}`);
        assert.equal(err.status, 401);
        assert.match(err.message, /Invalid credentials/);
        assert.doesNotMatch(`${err.message} ${JSON.stringify(err.error)}`, /wrong-hf-key/);
        return true;
      },
    );
    assert.doesNotMatch(JSON.stringify(stack.gateway.logs), /wrong-hf-key|mock-key/, 'no credential in any log line');
    assert.equal(upstream().headers.authorization, 'Bearer wrong-hf-key', 'the configured (wrong) key was the one sent');
  });
});

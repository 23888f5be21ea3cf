/**
 * Hugging Face through the whole path: the `openai` SDK → local gateway → plugin server →
 * ai-proxy-js → mock Inference API (`/models/<owner>/<model>/v1/chat/completions` for chat,
 * `/models/<owner>/<model>` text-generation with TGI token streams, `Authorization: Bearer`) → back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import {
  ANY_ID,
  HELLO_MESSAGES,
  WEATHER_TOOL,
  answerWeather,
  askHello,
  askWeatherInLyon,
  assertAnalytics,
  assertFourWordsEchoed,
  assertHelloEchoed,
  assertRefusedKey,
  assertStreamedWeatherCall,
  assertUpstreamErrors,
  collectChat,
  collectCompletion,
  dig,
  lastUpstream,
  streamFourWords,
  streamWeatherCall,
} from '../helpers/e2e';

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

describe('huggingface via ai-proxy-js', () => {
  it("chat: the model's Messages API, the Bearer key, the Inference API flags as headers", async () => {
    const chat = await askHello(stack.openai('/hf/chat'), MODEL);
    assertHelloEchoed(chat);

    const sent = lastUpstream(stack);
    assert.equal(sent.path, `/models/${MODEL}/v1/chat/completions`);
    assert.equal(sent.headers.authorization, 'Bearer mock-key', 'the configured key replaced the client one');
    assert.equal(sent.headers['x-wait-for-model'], 'false');
    assert.equal(sent.headers['x-use-cache'], 'false');
    assert.equal(sent.body.model, MODEL);
    assert.deepEqual(sent.body.messages, HELLO_MESSAGES);

    assertAnalytics(stack, '/hf/chat', 'huggingface', { prompt_tokens: 6, completion_tokens: 5 });
  });

  it('chat: an upstream_url naming the chat endpoint is used as it is', async () => {
    const chat = await stack.openai('/hf/router').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'via the router' }] });
    assert.equal(chat.choices[0]?.message.content, 'Echo: via the router');
    assert.equal(lastUpstream(stack).path, '/huggingface/v1/chat/completions');
  });

  it('chat stream with usage', async () => {
    const got = await streamFourWords(stack.openai('/hf/chat'), MODEL);
    assert.equal(lastUpstream(stack).body.stream, true);
    assertFourWordsEchoed(got);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('tool call round trip and a streamed tool call', async () => {
    const client = stack.openai('/hf/chat');
    const asked = await askWeatherInLyon(client, MODEL);
    assert.deepEqual(lastUpstream(stack).body.tools, [WEATHER_TOOL]);

    const second = await answerWeather(client, MODEL, asked);
    assert.deepEqual(dig(lastUpstream(stack).body, 'messages', 2), { role: 'tool', tool_call_id: asked.call.id, content: 'sunny and 21 degrees' });
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');

    assertStreamedWeatherCall(await streamWeatherCall(client, MODEL), ANY_ID);
  });

  it('completions: text-generation on the model URL, whole and as a TGI token stream', async () => {
    const client = stack.openai('/hf/completions');
    const completion = await client.completions.create({ model: MODEL, prompt: 'Say this', max_tokens: 10 });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    const sent = lastUpstream(stack);
    assert.equal(sent.path, `/models/${MODEL}`);
    assert.equal(sent.headers.authorization, 'Bearer mock-key');
    assert.equal(sent.body.inputs, 'Say this');
    assert.equal(dig(sent.body, 'parameters', 'max_new_tokens'), 10);
    assert.equal(dig(sent.body, 'parameters', 'return_full_text'), false);
    assert.deepEqual(sent.body.options, { use_cache: false, wait_for_model: false });


    const got = await collectCompletion(await client.completions.create({ model: MODEL, prompt: 'count one two', stream: true }));
    assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
    assert.equal(got.text, 'Echo: count one two');
    assert.equal(got.finish, 'stop');
  });

  it(
    'completions cut by max_tokens finish with length and report the generated tokens',
    async () => {
      const capped = await stack.openai('/hf/completions').completions.create({ model: MODEL, prompt: 'one two three four', max_tokens: 2 });
      assert.equal(dig(lastUpstream(stack).body, 'parameters', 'details'), true);
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
    assert.deepEqual(lastUpstream(stack).body.options, { use_cache: false, wait_for_model: true });
  });

  it(
    'embeddings: feature-extraction on the model URL, one vector per input',
    async () => {
      const embedding = await stack.openai('/hf/embeddings').embeddings.create({ model: EMBED_MODEL, input: ['first text', 'second text here'], encoding_format: 'float' });
      const sent = lastUpstream(stack);
      assert.equal(sent.path, `/models/${EMBED_MODEL}`);
      assert.deepEqual(sent.body.inputs, ['first text', 'second text here']);
      assert.equal(embedding.data.length, 2);
      assert.ok((embedding.data[0]?.embedding.length ?? 0) > 0);
      assert.notDeepEqual(embedding.data[0]?.embedding, embedding.data[1]?.embedding);
    },
  );

  it('rate limit and server errors keep their status and carry the Hugging Face message', async () => {
    await assertUpstreamErrors(stack.openai('/hf/chat'), MODEL, [
      { status: 429, type: OpenAI.RateLimitError, message: 'Rate limit reached' },
      { status: 500, type: OpenAI.InternalServerError, message: 'Internal Server Error' },
    ]);
  });

  it('a refused key is a 401 AuthenticationError that never shows the key', async () => {
    await assertRefusedKey(stack, { path: '/hf/badkey', model: MODEL, wrongKey: 'wrong-hf-key', goodKey: 'mock-key', message: /Invalid credentials/ });
    assert.equal(lastUpstream(stack).headers.authorization, 'Bearer wrong-hf-key', 'the configured (wrong) key was the one sent');
  });
});

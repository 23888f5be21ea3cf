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
import {
  ANY_ID,
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
  dig,
  lastUpstream,
  streamFourWords,
  streamWeatherCall,
} from '../helpers/e2e';

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

describe('llama2 raw format via ai-proxy-js', () => {
  it('chat: the messages become one [INST] prompt; the answer after the last [/INST] comes back', async () => {
    const chat = await askHello(stack.openai('/raw/chat'), MODEL, { max_tokens: 20 });
    assertHelloEchoed(chat);

    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/llama2/raw');
    assert.equal(sent.body.inputs, '<s>[INST] <<SYS>> Be brief. <</SYS>> Hello from the SDK [/INST]');
    assert.deepEqual(sent.body.parameters, { max_new_tokens: 20, stream: false });

    assertAnalytics(stack, '/raw/chat', 'llama2', { prompt_tokens: 6 });
  });

  it('completions: the prompt inside Kong\'s fixed system template', async () => {
    const completion = await stack.openai('/raw/completions').completions.create({ model: MODEL, prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.equal(completion.usage?.prompt_tokens, 7);
    assert.equal(completion.usage?.completion_tokens, 3);
    assert.equal(lastUpstream(stack).body.inputs, '<s> [INST] <<SYS>> You are a helpful assistant. <<SYS>> Say this [/INST]');
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
    await assertUpstreamErrors(stack.openai('/raw/chat'), MODEL, [{ status: 500, type: OpenAI.InternalServerError, message: 'llama runner process has terminated' }]);
  });
});

describe('llama2 openai format via ai-proxy-js', () => {
  it('chat: the body passes as OpenAI, the key as Bearer; a server-only URL gets /v1/chat/completions', async () => {
    const chat = await stack.openai('/oai/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hello from the SDK' }] });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hello from the SDK');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
    assert.equal(chat.usage?.prompt_tokens, 4);
    assert.equal(chat.usage?.completion_tokens, 5);
    let sent = lastUpstream(stack);
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.headers.authorization, 'Bearer mock-key');
    assert.equal(sent.body.model, MODEL);

    const viaServer = await stack.openai('/oai/server').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'server only' }] });
    assert.equal(viaServer.choices[0]?.message.content, 'Echo: server only');
    sent = lastUpstream(stack);
    assert.equal(sent.path, '/v1/chat/completions');
  });

  it('chat stream with usage', async () => {
    const got = await streamFourWords(stack.openai('/oai/chat'), MODEL);
    assertFourWordsEchoed(got);
  });

  it('tool call round trip and a streamed tool call', async () => {
    const client = stack.openai('/oai/chat');
    const asked = await askWeatherInLyon(client, MODEL);
    const second = await answerWeather(client, MODEL, asked);
    assert.deepEqual(dig(lastUpstream(stack).body, 'messages', 2), { role: 'tool', tool_call_id: asked.call.id, content: 'sunny and 21 degrees' });
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');

    assertStreamedWeatherCall(await streamWeatherCall(client, MODEL), ANY_ID);
  });

  it('completions and embeddings', async () => {
    const completion = await stack.openai('/oai/completions').completions.create({ model: MODEL, prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(lastUpstream(stack).path, '/v1/completions');

    const embedding = await stack.openai('/oai/embeddings').embeddings.create({ model: MODEL, input: ['first', 'second'] });
    assert.equal(lastUpstream(stack).path, '/v1/embeddings');
    assert.equal(embedding.data.length, 2);
    assert.equal(embedding.data[0]?.embedding.length, 8, "the mock's default dimensions");
    assert.notDeepEqual(embedding.data[0]?.embedding, embedding.data[1]?.embedding);
  });

  it('a rate limit keeps its status; a refused key is an AuthenticationError that never shows the key', async () => {
    // Any message: the server's own is passed through.
    await assertUpstreamErrors(stack.openai('/oai/chat'), MODEL, [{ status: 429, type: OpenAI.RateLimitError, message: /^.+$/s }]);
    await assertRefusedKey(stack, { path: '/oai/badkey', model: MODEL, wrongKey: 'wrong-llama-key', goodKey: 'mock-key' });
  });
});

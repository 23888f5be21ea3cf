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
import {
  HELLO_MESSAGES,
  WEATHER_TOOL,
  answerWeather,
  askHello,
  askWeatherInLyon,
  assertAnalytics,
  assertFourWordsEchoed,
  assertHelloEchoed,
  assertRefusedKey,
  assertSameVector,
  assertStreamedWeatherCall,
  assertUpstreamErrors,
  collectChat,
  collectCompletion,
  lastUpstream,
  streamFourWords,
  streamWeatherCall,
} from '../helpers/e2e';

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

describe('mistral (openai format) via ai-proxy-js', () => {
  it('chat: the OpenAI body reaches /v1/chat/completions with the Bearer key; usage as Mistral counts it', async () => {
    const chat = await askHello(stack.openai('/mistral/chat'), MODEL, { temperature: 0.3 });
    assertHelloEchoed(chat);

    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/mistral/v1/chat/completions');
    assert.equal(sent.headers.authorization, 'Bearer mock-key', 'the configured key replaced the client one');
    assert.equal(sent.body.model, MODEL);
    assert.equal(sent.body.temperature, 0.3);
    assert.deepEqual(sent.body.messages, HELLO_MESSAGES);

    assertAnalytics(stack, '/mistral/chat', 'mistral', { prompt_tokens: 6, completion_tokens: 5 });
  });

  it('chat: max_tokens and stop reach Mistral; length and stop come back', async () => {
    const client = stack.openai('/mistral/chat');
    const capped = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'one two three four five' }], max_tokens: 3 });
    assert.equal(lastUpstream(stack).body.max_tokens, 3);
    assert.equal(capped.choices[0]?.message.content, 'Echo: one two');
    assert.equal(capped.choices[0]?.finish_reason, 'length');

    const stopped = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'red green blue' }], stop: ['blue'] });
    assert.deepEqual(lastUpstream(stack).body.stop, ['blue']);
    assert.equal(stopped.choices[0]?.message.content, 'Echo: red green');
    assert.equal(stopped.choices[0]?.finish_reason, 'stop');
  });

  it('chat stream: the SDK iterator yields the text, the finish reason and the usage Mistral puts on its last chunk', async () => {
    const got = await streamFourWords(stack.openai('/mistral/chat'), MODEL);
    assert.equal(lastUpstream(stack).body.stream, true);
    assertFourWordsEchoed(got);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('tool call round trip: Mistral call ids survive the way back', async () => {
    const client = stack.openai('/mistral/chat');
    const asked = await askWeatherInLyon(client, MODEL, { tool_choice: 'auto' });
    const { call } = asked;
    assert.deepEqual(lastUpstream(stack).body.tools, [WEATHER_TOOL]);
    assert.match(call.id, /^[A-Za-z0-9]{9}$/, "Mistral's ids are 9 alphanumerics");

    const second = await answerWeather(client, MODEL, asked);
    const messages = lastUpstream(stack).body.messages as Array<Record<string, unknown>>;
    assert.equal(messages.length, 3);
    assert.deepEqual(messages[2], { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' });
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('streamed tool call: argument pieces join into JSON', async () => {
    assertStreamedWeatherCall(await streamWeatherCall(stack.openai('/mistral/chat'), MODEL), /^[A-Za-z0-9]{9}$/);
  });

  it('completions on a self-hosted OpenAI-compatible server, whole and streamed', async () => {
    const client = stack.openai('/mistral/completions');
    const completion = await client.completions.create({ model: 'mistral-7b-instruct', prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.equal(completion.usage?.prompt_tokens, 2);
    assert.equal(completion.usage?.completion_tokens, 3);
    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/v1/completions');
    assert.equal(sent.headers.authorization, 'Bearer mock-key');
    assert.equal(sent.body.prompt, 'Say this');

    const got = await collectCompletion(await client.completions.create({ model: 'mistral-7b-instruct', prompt: 'count one two', stream: true }));
    assert.equal(got.text, 'Echo: count one two');
    assert.equal(got.finish, 'stop');
  });

  it('embeddings: as floats and in the SDK default base64, the same vectors', async () => {
    const client = stack.openai('/mistral/embeddings');
    const floats = await client.embeddings.create({ model: 'mistral-embed', input: ['first text', 'second text here'], encoding_format: 'float' });
    assert.equal(lastUpstream(stack).path, '/mistral/v1/embeddings');
    assert.equal(lastUpstream(stack).headers.authorization, 'Bearer mock-key');
    assert.equal(floats.data.length, 2);
    assert.equal(floats.data[0]?.embedding.length, 8, "the mock's default dimensions");
    assert.notDeepEqual(floats.data[0]?.embedding, floats.data[1]?.embedding);
    assert.equal(floats.usage.prompt_tokens, 5);

    const byDefault = await client.embeddings.create({ model: 'mistral-embed', input: ['first text', 'second text here'] });
    assert.equal(lastUpstream(stack).body.encoding_format, 'base64', 'the SDK asked for base64 and the passthrough kept it');
    byDefault.data.forEach((d, i) => assertSameVector(d.embedding, floats.data[i]?.embedding ?? [], `vector ${i}`));
  });

  it('rate limit and server errors keep their status and carry Mistral message', async () => {
    await assertUpstreamErrors(stack.openai('/mistral/chat'), MODEL, [
      { status: 429, type: OpenAI.RateLimitError, message: 'Requests rate limit exceeded' },
      { status: 500, type: OpenAI.InternalServerError, message: 'Internal server error' },
    ]);
  });

  it('a refused key is a 401 AuthenticationError that never shows the key', async () => {
    await assertRefusedKey(stack, { path: '/mistral/badkey', model: MODEL, wrongKey: 'wrong-mistral-key', goodKey: 'mock-key', message: /Unauthorized/ });
    assert.equal(lastUpstream(stack).headers.authorization, 'Bearer wrong-mistral-key', 'the configured (wrong) key was the one sent');
  });
});

/**
 * Cohere through the whole path: the `openai` SDK → local gateway → plugin server → ai-proxy-js →
 * mock Cohere (v1 chat and generate with JSON-lines streams, v2 chat with SSE and tools, v2 embed,
 * `Authorization: Bearer`) → back. The mock's tokens are words (see src/mock/echo.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import {
  ANY_ID,
  WEATHER_TOOL,
  answerWeather,
  askWeatherInLyon,
  assertAnalytics,
  assertBase64EmbeddingMatchesFloats,
  assertCutStreamRaises,
  assertFourWordsEchoed,
  assertRefusedKey,
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

    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/v1/chat');
    assert.equal(sent.headers.authorization, 'Bearer mock-key', 'the configured key replaced the client one');
    assert.equal(sent.body.model, MODEL);
    assert.equal(sent.body.message, 'Hello from the SDK');
    assert.equal(sent.body.preamble, 'Be brief.');
    assert.deepEqual(sent.body.chat_history, [
      { role: 'USER', message: 'first question' },
      { role: 'CHATBOT', message: 'first answer' },
    ]);

    assertAnalytics(stack, '/cohere/chat', 'cohere', { prompt_tokens: 10, completion_tokens: 5 });
  });

  it('v1 chat stream: JSON lines become SDK chunks, with the final usage', async () => {
    const got = await streamFourWords(stack.openai('/cohere/chat'), MODEL);
    assert.equal(lastUpstream(stack).body.stream, true);
    assertFourWordsEchoed(got);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('v1 chat: max_tokens cuts the answer (MAX_TOKENS is length)', async () => {
    const chat = await stack.openai('/cohere/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'a b c d e' }], max_tokens: 2 });
    assert.equal(lastUpstream(stack).body.max_tokens, 2);
    assert.equal(chat.choices[0]?.message.content, 'Echo: a');
    assert.equal(chat.choices[0]?.finish_reason, 'length');
  });

  it('v1 tool call round trip: parameter_definitions out, ids made up for the client, tool_results back', async () => {
    const client = stack.openai('/cohere/chat');
    const asked = await askWeatherInLyon(client, MODEL);
    assert.deepEqual(lastUpstream(stack).body.tools, [
      {
        name: 'get_weather',
        description: WEATHER_TOOL.function.description,
        parameter_definitions: {
          city: { type: 'str', description: 'The city name.', required: true },
          days: { type: 'int', description: 'How many days ahead.', required: true },
        },
      },
    ]);
    assert.ok(asked.call.id.length > 0, 'v1 gives no id; the client still needs one');

    const second = await answerWeather(client, MODEL, asked);
    const sent = lastUpstream(stack).body;
    assert.equal(sent.message, '');
    assert.deepEqual(sent.tool_results, [{ call: { name: 'get_weather', parameters: { city: 'Lyon', days: 1 } }, outputs: [{ result: 'sunny and 21 degrees' }] }]);
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('v1 streamed tool call: the tool-calls-generation line becomes one call', async () => {
    // v1 gives no id; the call still has one.
    assertStreamedWeatherCall(await streamWeatherCall(stack.openai('/cohere/chat'), MODEL), ANY_ID);
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
    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/v2/chat');
    assert.equal(sent.headers.authorization, 'Bearer mock-key');
    assert.deepEqual(sent.body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi version two' },
    ]);

    const got = await collectChat(await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'stream me please' }], stream: true, stream_options: { include_usage: true } }));
    assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
    assert.equal(got.text, 'Echo: stream me please');
    assert.equal(got.finish, 'stop');
    assert.equal(got.usage?.prompt_tokens, 3);
    assert.equal(got.usage?.completion_tokens, 4);
  });

  it('v2 tool call round trip: TOOL_CALL becomes tool_calls, the tool message goes back as role tool', async () => {
    const client = stack.openai('/cohere/v2chat');
    const asked = await askWeatherInLyon(client, MODEL);
    const { call } = asked;
    assert.deepEqual(lastUpstream(stack).body.tools, [WEATHER_TOOL]);
    assert.match(call.id, /^get_weather_/);

    const second = await answerWeather(client, MODEL, asked);
    const messages = lastUpstream(stack).body.messages as Array<Record<string, unknown>>;
    assert.equal(messages.length, 3);
    assert.deepEqual((messages[1]?.tool_calls as unknown[] | undefined)?.[0], { id: call.id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon","days":1}' } });
    assert.deepEqual(messages[2], { role: 'tool', tool_call_id: call.id, content: 'sunny and 21 degrees' });
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('v2 streamed tool call: tool-call-start/-delta events join into one call', async () => {
    assertStreamedWeatherCall(await streamWeatherCall(stack.openai('/cohere/v2chat'), MODEL), /^get_weather_/);
  });

  it('completions on /v1/generate, whole and streamed', async () => {
    const client = stack.openai('/cohere/completions');
    const completion = await client.completions.create({ model: 'command', prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.equal(completion.usage?.prompt_tokens, 2);
    assert.equal(completion.usage?.completion_tokens, 3);
    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/v1/generate');
    assert.equal(sent.body.prompt, 'Say this');

    const got = await collectCompletion(await client.completions.create({ model: 'command', prompt: 'count one two', stream: true }));
    assert.ok(got.chunks > 2, `only ${got.chunks} chunks`);
    assert.equal(got.text, 'Echo: count one two');
    assert.equal(got.finish, 'stop');
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
    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/v2/embed');
    assert.deepEqual(sent.body.texts, ['first text', 'second text here']);
    assert.equal(sent.body.input_type, 'classification');
    assert.deepEqual(sent.body.embedding_types, ['float']);
  });

  it('embeddings: dimensions is v2 output_dimension', async () => {
    const embedding = await stack.openai('/cohere/embeddings').embeddings.create({ model: 'embed-english-v3.0', input: 'sized text', dimensions: 16, encoding_format: 'float' });
    assert.equal(lastUpstream(stack).body.output_dimension, 16);
    assert.equal(embedding.data[0]?.embedding.length, 16);
  });

  it("embeddings with the SDK's default encoding_format (base64) decode to the same vectors", async () => {
    await assertBase64EmbeddingMatchesFloats(stack.openai('/cohere/embeddings'), 'embed-english-v3.0', 'first text');
  });

  it('a stream cut before its stream-end line ends in an error the SDK raises', async () => {
    await assertCutStreamRaises(stack.openai('/cohere/chat'), MODEL, /the cohere stream ended before it was complete/);
  });

  it('rate limit and server errors keep their status and carry Cohere message', async () => {
    await assertUpstreamErrors(stack.openai('/cohere/chat'), MODEL, [
      { status: 429, type: OpenAI.RateLimitError, message: 'Trial key' },
      { status: 500, type: OpenAI.InternalServerError, message: 'internal server error' },
    ]);
  });

  it('a refused key is a 401 AuthenticationError that never shows the key', async () => {
    await assertRefusedKey(stack, { path: '/cohere/badkey', model: MODEL, wrongKey: 'wrong-cohere-key', goodKey: 'mock-key', message: /invalid api token/ });
    assert.equal(lastUpstream(stack).headers.authorization, 'Bearer wrong-cohere-key', 'the configured (wrong) key was the one sent');
  });
});

/**
 * Ollama's native API through the whole path, as Kong reaches it: `llama2_format: ollama` and
 * `mistral_format: ollama`. The `openai` SDK → local gateway → plugin server → ai-proxy-js → mock
 * Ollama (`/api/chat`, `/api/generate`, `/api/embed`, JSON-lines streams, no credential) → back.
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
  assertBase64EmbeddingMatchesFloats,
  assertCutStreamRaises,
  assertFourWordsEchoed,
  assertHelloEchoed,
  assertStreamedWeatherCall,
  assertUpstreamErrors,
  collectChat,
  collectCompletion,
  dig,
  lastUpstream,
  streamFourWords,
  streamWeatherCall,
} from '../helpers/e2e';

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

describe('ollama (llama2_format: ollama) via ai-proxy-js', () => {
  it('chat: /api/chat with stream false and options; eval counts as usage', async () => {
    const chat = await askHello(stack.openai('/ollama/chat'), MODEL, { temperature: 0.4 });
    assertHelloEchoed(chat);

    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/api/chat');
    assert.equal(sent.body.model, MODEL);
    assert.equal(sent.body.stream, false, 'Ollama streams unless told not to');
    assert.equal(dig(sent.body, 'options', 'temperature'), 0.4);
    assert.deepEqual(sent.body.messages, HELLO_MESSAGES);

    assertAnalytics(stack, '/ollama/chat', 'llama2', { prompt_tokens: 6, completion_tokens: 5 });
  });

  it('chat: max_tokens is num_predict; the cut answer finishes with length', async () => {
    const chat = await stack.openai('/ollama/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'one two three four five' }], max_tokens: 3 });
    assert.equal(dig(lastUpstream(stack).body, 'options', 'num_predict'), 3);
    assert.equal(chat.choices[0]?.message.content, 'Echo: one two');
    assert.equal(chat.choices[0]?.finish_reason, 'length');
  });

  it('chat stream: JSON lines become SDK chunks, with the final counts as usage', async () => {
    const got = await streamFourWords(stack.openai('/ollama/chat'), MODEL);
    assert.equal(lastUpstream(stack).body.stream, true);
    assertFourWordsEchoed(got);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('a gzip JSON-lines stream is decoded before it is split into lines', async () => {
    const got = await collectChat(
      await stack.openai('/ollama/chat').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'zipped lines here' }], stream: true }, { headers: { 'x-mock-gzip': '1' } }),
    );
    assert.equal(got.text, 'Echo: zipped lines here');
    assert.equal(got.finish, 'stop');
  });

  it('tool call round trip: object arguments become JSON text, the tool result goes back named', async () => {
    const client = stack.openai('/ollama/chat');
    const asked = await askWeatherInLyon(client, MODEL);
    assert.deepEqual(lastUpstream(stack).body.tools, [WEATHER_TOOL]);
    assert.ok(asked.call.id.length > 0, 'Ollama may give no id; the client still needs one');

    const second = await answerWeather(client, MODEL, asked);
    const messages = lastUpstream(stack).body.messages as Array<Record<string, unknown>>;
    assert.deepEqual(messages[1]?.tool_calls, [{ function: { name: 'get_weather', arguments: { city: 'Lyon', days: 1 } } }]);
    assert.deepEqual(messages[2], { role: 'tool', content: 'sunny and 21 degrees', tool_name: 'get_weather' });
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('streamed tool call: the call comes whole in one line and ends with tool_calls', async () => {
    assertStreamedWeatherCall(await streamWeatherCall(stack.openai('/ollama/chat'), MODEL), ANY_ID);
  });

  it('completions on /api/generate, whole and streamed; a server-only URL gets /api/generate', async () => {
    const client = stack.openai('/ollama/completions');
    const completion = await client.completions.create({ model: MODEL, prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.equal(completion.usage?.prompt_tokens, 2);
    assert.equal(completion.usage?.completion_tokens, 3);
    assert.equal(lastUpstream(stack).path, '/api/generate');
    assert.equal(lastUpstream(stack).body.prompt, 'Say this');

    const got = await collectCompletion(await client.completions.create({ model: MODEL, prompt: 'count one two', stream: true }));
    assert.equal(got.text, 'Echo: count one two');
    assert.equal(got.finish, 'stop');

    const viaServer = await stack.openai('/ollama/server').completions.create({ model: MODEL, prompt: 'server only' });
    assert.equal(viaServer.choices[0]?.text, 'Echo: server only');
    assert.equal(lastUpstream(stack).path, '/api/generate');
  });

  it('embeddings on /api/embed (floats asked for)', async () => {
    const embedding = await stack.openai('/ollama/embeddings').embeddings.create({ model: MODEL, input: ['first text', 'second text here'], encoding_format: 'float' });
    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/api/embed');
    assert.deepEqual(sent.body.input, ['first text', 'second text here']);
    assert.equal(embedding.data.length, 2);
    assert.equal(embedding.data[0]?.embedding.length, 8, "the mock's default dimensions");
    assert.notDeepEqual(embedding.data[0]?.embedding, embedding.data[1]?.embedding);
    assert.equal(embedding.usage.prompt_tokens, 5);
  });

  it("embeddings with the SDK's default encoding_format (base64) decode to the same vectors", async () => {
    await assertBase64EmbeddingMatchesFloats(stack.openai('/ollama/embeddings'), MODEL, 'first text');
  });

  it('a stream cut before its `done: true` line ends in an error the SDK raises', async () => {
    await assertCutStreamRaises(stack.openai('/ollama/chat'), MODEL, /the llama2 stream ended before it was complete/);
  });

  it("server errors keep their status and Ollama's message", async () => {
    await assertUpstreamErrors(stack.openai('/ollama/chat'), MODEL, [
      { status: 500, type: OpenAI.InternalServerError, message: 'llama runner process has terminated' },
      { status: 429, type: OpenAI.RateLimitError, message: 'server busy' },
    ]);
  });
});

describe('ollama (mistral_format: ollama) via ai-proxy-js', () => {
  it('chat and stream reach /api/chat under the mistral provider', async () => {
    const client = stack.openai('/mistral-ollama/chat');
    const chat = await client.chat.completions.create({ model: 'mistral:7b', messages: [{ role: 'user', content: 'Bonjour Mistral' }] });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Bonjour Mistral');
    assert.equal(chat.usage?.prompt_tokens, 2);
    assert.equal(chat.usage?.completion_tokens, 3);
    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/mistral/api/chat');
    assert.equal(sent.body.model, 'mistral:7b');
    assert.equal(sent.body.stream, false);
    assertAnalytics(stack, '/mistral-ollama/chat', 'mistral', {});

    const got = await collectChat(await client.chat.completions.create({ model: 'mistral:7b', messages: [{ role: 'user', content: 'stream it now' }], stream: true }));
    assert.equal(got.text, 'Echo: stream it now');
    assert.equal(got.finish, 'stop');
  });

  it('completions on /api/generate and embeddings on /api/embed under the mistral provider', async () => {
    const completion = await stack.openai('/mistral-ollama/completions').completions.create({ model: 'mistral:7b', prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    assert.equal(lastUpstream(stack).path, '/mistral/api/generate');
    assert.equal(lastUpstream(stack).body.stream, false);

    const embedding = await stack.openai('/mistral-ollama/embeddings').embeddings.create({ model: 'mistral:7b', input: ['first', 'second'] });
    assert.equal(lastUpstream(stack).path, '/mistral/api/embed');
    assert.equal(embedding.data.length, 2);
    assert.equal(embedding.data[0]?.embedding.length, 8, "the mock's default dimensions");
    assert.notDeepEqual(embedding.data[0]?.embedding, embedding.data[1]?.embedding);
  });
});

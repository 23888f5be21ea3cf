/**
 * Gemini through the whole path: the `openai` SDK → local gateway → plugin server → ai-proxy-js →
 * mock Gemini (`generateContent`, `streamGenerateContent` as a JSON array, `batchEmbedContents`,
 * `x-goog-api-key` or `?key=`; the Gemini API and Vertex AI's publisher paths) → back.
 * The mock's tokens are words, so usage numbers are predictable (see src/mock/echo.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import {
  assertRefusedKey,
  ANY_ID,
  WEATHER_TOOL,
  answerWeather,
  askHello,
  askWeatherInLyon,
  assertAnalytics,
  assertCutStreamRaises,
  assertFourWordsEchoed,
  assertHelloEchoed,
  assertStreamedWeatherCall,
  assertUpstreamErrors,
  lastUpstream,
  streamFourWords,
  streamWeatherCall,
} from '../helpers/e2e';

const MODEL = 'gemini-2.0-flash';
const KEY = { header_name: 'x-goog-api-key', header_value: 'mock-key' };
const WRONG_KEY = 'AIza-wrong-gemini-key';
const stats = { log_statistics: true, log_payloads: false };

let stack: AiStack;

before(async () => {
  stack = await startAiStack((mock) => {
    const generate = { upstream_url: `${mock}/v1beta/models/${MODEL}:generateContent` };
    const vertex = { gemini: { api_endpoint: mock, project_id: 'test-project', location_id: 'us-central1' } };
    return [
      { path: '/gemini/chat', config: { route_type: 'llm/v1/chat', auth: KEY, logging: stats, model: { provider: 'gemini', name: MODEL, options: generate } } },
      { path: '/gemini/vertex', config: { route_type: 'llm/v1/chat', auth: KEY, model: { provider: 'gemini', name: MODEL, options: vertex } } },
      {
        path: '/gemini/query-key',
        config: { route_type: 'llm/v1/chat', auth: { param_name: 'key', param_value: 'mock-key', param_location: 'query' }, model: { provider: 'gemini', name: MODEL, options: generate } },
      },
      {
        path: '/gemini/embeddings',
        config: { route_type: 'llm/v1/embeddings', auth: KEY, model: { provider: 'gemini', name: 'text-embedding-004', options: { upstream_url: `${mock}/v1beta/models/text-embedding-004:batchEmbedContents` } } },
      },
      { path: '/gemini/badkey', config: { route_type: 'llm/v1/chat', auth: { header_name: 'x-goog-api-key', header_value: WRONG_KEY }, model: { provider: 'gemini', name: MODEL, options: generate } } },
    ];
  });
});

after(async () => {
  await stack?.close();
});

describe('gemini via ai-proxy-js', () => {
  it('chat: system as systemInstruction, x-goog-api-key sent, usage from usageMetadata', async () => {
    const chat = await askHello(stack.openai('/gemini/chat'), MODEL, { temperature: 0.3, max_tokens: 50 });
    assert.equal(chat.object, 'chat.completion');
    assert.equal(chat.choices[0]?.message.role, 'assistant');
    assertHelloEchoed(chat);

    const sent = lastUpstream(stack);
    assert.equal(sent.path, `/v1beta/models/${MODEL}:generateContent`);
    assert.equal(sent.headers['x-goog-api-key'], 'mock-key');
    assert.deepEqual(sent.body.systemInstruction, { parts: [{ text: 'Be brief.' }] });
    assert.deepEqual(sent.body.contents, [{ role: 'user', parts: [{ text: 'Hello from the SDK' }] }]);
    assert.deepEqual(sent.body.generationConfig, { temperature: 0.3, maxOutputTokens: 50 });

    assertAnalytics(stack, '/gemini/chat', 'gemini', { prompt_tokens: 6, completion_tokens: 5 });
  });

  it('chat: the key as the `key` query parameter', async () => {
    assertHelloEchoed(await askHello(stack.openai('/gemini/query-key'), MODEL));
    const sent = lastUpstream(stack);
    assert.equal(sent.path, `/v1beta/models/${MODEL}:generateContent`);
    assert.equal(sent.headers['x-goog-api-key'], undefined);
    assert.deepEqual(stack.mock.requests.at(-1)?.query, { key: 'mock-key' });
  });

  it("Vertex AI: the publisher model path for the project and location, generateContent and streamGenerateContent", async () => {
    assertHelloEchoed(await askHello(stack.openai('/gemini/vertex'), MODEL));
    assert.equal(lastUpstream(stack).path, `/v1/projects/test-project/locations/us-central1/publishers/google/models/${MODEL}:generateContent`);

    const got = await streamFourWords(stack.openai('/gemini/vertex'), MODEL);
    assert.equal(lastUpstream(stack).path, `/v1/projects/test-project/locations/us-central1/publishers/google/models/${MODEL}:streamGenerateContent`);
    assertFourWordsEchoed(got);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('tool call round trip: functionCall becomes tool_calls, the tool message a functionResponse named after the call', async () => {
    const client = stack.openai('/gemini/chat');
    const asked = await askWeatherInLyon(client, MODEL);
    assert.deepEqual(lastUpstream(stack).body.tools, [
      { functionDeclarations: [{ name: 'get_weather', description: WEATHER_TOOL.function.description, parameters: WEATHER_TOOL.function.parameters }] },
    ]);
    assert.match(asked.call.id, /^call_/);

    const second = await answerWeather(client, MODEL, asked);
    const contents = lastUpstream(stack).body.contents as Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    assert.deepEqual(
      contents.map((c) => c.role),
      ['user', 'model', 'user'],
    );
    assert.deepEqual(contents[1]?.parts, [{ functionCall: { name: 'get_weather', args: { city: 'Lyon', days: 1 } } }]);
    assert.deepEqual(contents[2]?.parts, [{ functionResponse: { name: 'get_weather', response: { content: 'sunny and 21 degrees' } } }]);
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
    assert.equal(second.choices[0]?.finish_reason, 'stop');
  });

  it('streamed tool call: one whole functionCall becomes one tool-call delta', async () => {
    const got = await streamWeatherCall(stack.openai('/gemini/vertex'), MODEL);
    assert.equal(got.text, '');
    assertStreamedWeatherCall(got, ANY_ID);
  });

  it('tool_choice: required is mode ANY, a named function adds allowedFunctionNames', async () => {
    const client = stack.openai('/gemini/chat');
    const required = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Nice' }], tools: [WEATHER_TOOL], tool_choice: 'required' });
    assert.deepEqual(lastUpstream(stack).body.toolConfig, { functionCallingConfig: { mode: 'ANY' } });
    assert.equal(required.choices[0]?.finish_reason, 'tool_calls');
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Nice' }], tools: [WEATHER_TOOL], tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    assert.deepEqual(lastUpstream(stack).body.toolConfig, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
  });

  it('embeddings: batchEmbedContents, one request per input, dimensions as outputDimensionality', async () => {
    const got = await stack.openai('/gemini/embeddings').embeddings.create({ model: 'text-embedding-004', input: ['alpha', 'beta'], dimensions: 4, encoding_format: 'float' });
    assert.equal(got.data.length, 2);
    assert.deepEqual(
      got.data.map((d) => [d.index, d.embedding.length]),
      [
        [0, 4],
        [1, 4],
      ],
    );
    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/v1beta/models/text-embedding-004:batchEmbedContents');
    assert.deepEqual(sent.body.requests, [
      { model: 'models/text-embedding-004', content: { parts: [{ text: 'alpha' }] }, outputDimensionality: 4 },
      { model: 'models/text-embedding-004', content: { parts: [{ text: 'beta' }] }, outputDimensionality: 4 },
    ]);
    assert.notDeepEqual(got.data[0]?.embedding, got.data[1]?.embedding);
  });

  it('a stream cut before its last element ends in an error the SDK raises', async () => {
    await assertCutStreamRaises(stack.openai('/gemini/vertex'), MODEL, /the gemini stream ended before it was complete/);
  });

  it('rate limit and server errors keep their status and Google message', async () => {
    await assertUpstreamErrors(stack.openai('/gemini/chat'), MODEL, [
      { status: 429, type: OpenAI.RateLimitError, message: 'Resource has been exhausted' },
      { status: 503, type: OpenAI.InternalServerError, message: 'The model is overloaded' },
    ]);
  });

  it('a refused key is a 400 (as Google answers) that never shows the key', async () => {
    await assertRefusedKey(stack, { path: '/gemini/badkey', model: MODEL, wrongKey: WRONG_KEY, goodKey: 'mock-key', status: 400, message: /API key not valid/ });
    assert.equal(lastUpstream(stack).headers['x-goog-api-key'], WRONG_KEY, 'the configured (wrong) key was the one sent');
  });
});

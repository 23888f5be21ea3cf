/**
 * The same plugin served by kong-pdk 0.6.0's own `kong-js-pluginserver` (what a Kong operator may
 * already run): chat, a stream, a tool round trip and a Kong 400, through the gateway with the SDK.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import { answerWeather, askWeatherInLyon, assertFourWordsEchoed, assertHelloEchoed, askHello, lastAnalytics, streamFourWords } from '../helpers/e2e';

let stack: AiStack;

before(async () => {
  stack = await startAiStack(
    (mock) => [
      {
        path: '/anthropic',
        config: {
          route_type: 'llm/v1/chat',
          auth: { header_name: 'x-api-key', header_value: 'mock-key' },
          logging: { log_statistics: true, log_payloads: false },
          model: { provider: 'anthropic', name: 'claude-3-5-haiku-20241022', options: { anthropic_version: '2023-06-01', upstream_url: `${mock}/v1/messages` } },
        },
      },
    ],
    { pluginServer: 'kong-pdk' },
  );
});

after(async () => {
  await stack?.close();
});

describe('ai-proxy-js on kong-js-pluginserver (kong-pdk 0.6.0)', () => {
  const model = 'claude-3-5-haiku-20241022';

  it('chat, stream and a tool round trip', async () => {
    const client = stack.openai('/anthropic');
    assertHelloEchoed(await askHello(client, model));
    assertFourWordsEchoed(await streamFourWords(client, model));
    const asked = await askWeatherInLyon(client, model);
    const answered = await answerWeather(client, model, asked);
    assert.match(answered.choices[0]?.message.content ?? '', /^Tool said: /);
    assert.ok(lastAnalytics(stack, '/anthropic'), 'analytics logged');
  });

  it('a client mistake is Kong 400', async () => {
    await assert.rejects(
      stack.openai('/anthropic').chat.completions.create({ model: 'other-model', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && err.message.includes(`cannot use own model - must be: ${model}`),
    );
  });
});

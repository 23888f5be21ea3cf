/**
 * Bedrock through the whole path: the `openai` SDK → local gateway → plugin server → ai-proxy-js →
 * mock Bedrock Runtime (`/model/{id}/converse`, `/converse-stream` as an AWS binary event stream,
 * SigV4 `Authorization` whose access key id must be the mock key) → back.
 * With `upstream_url` the path is the configured one (as in Kong), so streaming has its own route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import {
  assertRefusedKey,
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

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const SECRET = 'mock-secret-access-key-e2e';
const KEYS = { aws_access_key_id: 'mock-key', aws_secret_access_key: SECRET };
const WRONG_KEYS = { aws_access_key_id: 'wrong-aws-key', aws_secret_access_key: SECRET };
const stats = { log_statistics: true, log_payloads: false };

let stack: AiStack;

before(async () => {
  stack = await startAiStack((mock) => {
    const model = (operation: string) => ({ provider: 'bedrock', name: MODEL, options: { upstream_url: `${mock}/model/${encodeURIComponent(MODEL)}/${operation}`, bedrock: { aws_region: 'us-east-1' } } });
    return [
      { path: '/bedrock/chat', config: { route_type: 'llm/v1/chat', auth: KEYS, logging: stats, model: model('converse') } },
      { path: '/bedrock/stream', config: { route_type: 'llm/v1/chat', auth: KEYS, response_streaming: 'always', model: model('converse-stream') } },
      { path: '/bedrock/badkey', config: { route_type: 'llm/v1/chat', auth: WRONG_KEYS, model: model('converse') } },
    ];
  });
});

after(async () => {
  await stack?.close();
});

describe('bedrock via ai-proxy-js', () => {
  it('chat: Converse body, SigV4 Authorization for the bedrock service, usage from the answer', async () => {
    const chat = await askHello(stack.openai('/bedrock/chat'), MODEL);
    assert.equal(chat.object, 'chat.completion');
    assertHelloEchoed(chat);

    const sent = lastUpstream(stack);
    assert.equal(sent.path, `/model/${encodeURIComponent(MODEL)}/converse`);
    assert.match(String(sent.headers.authorization), /^AWS4-HMAC-SHA256 Credential=mock-key\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
    assert.match(String(sent.headers['x-amz-date']), /^\d{8}T\d{6}Z$/);
    assert.deepEqual(sent.body.system, [{ text: 'Be brief.' }]);
    assert.deepEqual(sent.body.messages, [{ role: 'user', content: [{ text: 'Hello from the SDK' }] }]);
    assert.equal(JSON.stringify(sent).includes(SECRET), false, 'the secret key never travels');

    assertAnalytics(stack, '/bedrock/chat', 'bedrock', { prompt_tokens: 6, completion_tokens: 5 });
  });

  it('chat stream: the AWS event stream becomes OpenAI chunks the SDK iterates', async () => {
    const got = await streamFourWords(stack.openai('/bedrock/stream'), MODEL);
    assert.equal(lastUpstream(stack).path, `/model/${encodeURIComponent(MODEL)}/converse-stream`);
    assertFourWordsEchoed(got);
  });

  it('tool call round trip: toolUse becomes tool_calls, the tool message becomes a toolResult', async () => {
    const client = stack.openai('/bedrock/chat');
    const asked = await askWeatherInLyon(client, MODEL);
    const toolConfig = lastUpstream(stack).body.toolConfig as { tools: Array<{ toolSpec: { name: string } }> };
    assert.equal(toolConfig.tools[0]?.toolSpec.name, 'get_weather');
    assert.match(asked.call.id, /^tooluse_/);

    const second = await answerWeather(client, MODEL, asked);
    const messages = lastUpstream(stack).body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.deepEqual(messages[1]?.content, [{ toolUse: { toolUseId: asked.call.id, name: 'get_weather', input: { city: 'Lyon', days: 1 } } }]);
    assert.deepEqual(messages[2]?.content, [{ toolResult: { toolUseId: asked.call.id, content: [{ json: { result: 'sunny and 21 degrees' } }] } }]);
    assert.equal(second.choices[0]?.message.content, 'Tool said: sunny and 21 degrees');
  });

  it('streamed tool call: contentBlockStart and toolUse input deltas join into the arguments', async () => {
    const got = await streamWeatherCall(stack.openai('/bedrock/stream'), MODEL);
    assertStreamedWeatherCall(got, /^tooluse_/);
  });

  it('a stream cut before metadata ends in an error the SDK raises', async () => {
    await assertCutStreamRaises(stack.openai('/bedrock/stream'), MODEL, /the bedrock stream ended before it was complete/);
  });

  it('throttling and server errors keep their status and Bedrock message', async () => {
    await assertUpstreamErrors(stack.openai('/bedrock/chat'), MODEL, [
      { status: 429, type: OpenAI.RateLimitError, message: 'Too many requests' },
      { status: 500, type: OpenAI.InternalServerError, message: 'The server encountered an error' },
    ]);
  });

  it('a refused key is a 403 PermissionDeniedError that shows no key', async () => {
    await assertRefusedKey(stack, {
      path: '/bedrock/badkey',
      model: MODEL,
      wrongKey: 'wrong-aws-key',
      goodKey: 'mock-key',
      status: 403,
      message: /security token included in the request is invalid/,
      otherSecrets: [SECRET, 'Signature='],
    });
    assert.match(String(lastUpstream(stack).headers.authorization), /Credential=wrong-aws-key\//);
  });
});

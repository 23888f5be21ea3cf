/**
 * Anthropic through the whole path: the `openai` SDK → local gateway → plugin server →
 * ai-proxy-js → mock Anthropic (`/v1/messages`, `/v1/complete`, `x-api-key`, event streams) → back.
 * The mock's tokens are words, so usage numbers are predictable (see src/mock/echo.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import {
  WEATHER_TOOL,
  answerWeather,
  askHello,
  askWeatherInLyon,
  assertAnalytics,
  assertCutStreamRaises,
  assertFourWordsEchoed,
  assertHelloEchoed,
  assertRefusedKey,
  assertStreamedWeatherCall,
  assertUpstreamErrors,
  collectChat,
  lastUpstream,
  streamFourWords,
  streamWeatherCall,
} from '../helpers/e2e';

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

describe('anthropic via ai-proxy-js', () => {
  it('chat: system lifted out, max_tokens defaulted, x-api-key and anthropic-version sent, usage from the answer', async () => {
    const chat = await askHello(stack.openai('/anthropic/chat'), 'claude-3-5-sonnet-20241022');
    assert.equal(chat.object, 'chat.completion');
    assert.equal(chat.choices[0]?.message.role, 'assistant');
    assertHelloEchoed(chat);

    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], 'mock-key');
    assert.equal(sent.headers['anthropic-version'], VERSION);
    assert.equal(sent.body.model, 'claude-3-5-sonnet-20241022');
    assert.equal(sent.body.system, 'Be brief.');
    assert.equal(sent.body.max_tokens, 4096, 'Anthropic requires max_tokens; the driver sends its default');
    assert.deepEqual(sent.body.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello from the SDK' }] }], 'the system message is not left in messages');

    assertAnalytics(stack, '/anthropic/chat', 'anthropic', { prompt_tokens: 6, completion_tokens: 5 });
  });

  it('chat: max_tokens from model.options caps the answer (finish_reason length), stop sequences map to stop', async () => {
    const capped = await stack.openai('/anthropic/capped').chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'one two three four five' }] });
    assert.equal(lastUpstream(stack).body.max_tokens, 3);
    assert.equal(capped.choices[0]?.message.content, 'Echo: one two');
    assert.equal(capped.choices[0]?.finish_reason, 'length');
    assert.equal(capped.usage?.completion_tokens, 3);

    const stopped = await stack.openai('/anthropic/chat').chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'red green blue' }], stop: ['blue'], temperature: 0.2 });
    const sent = lastUpstream(stack).body;
    assert.deepEqual(sent.stop_sequences, ['blue']);
    assert.equal(sent.temperature, 0.2);
    assert.equal(stopped.choices[0]?.message.content, 'Echo: red green');
    assert.equal(stopped.choices[0]?.finish_reason, 'stop');
  });

  it('chat stream: the SDK iterator yields the text, the finish reason and the usage', async () => {
    const got = await streamFourWords(stack.openai('/anthropic/chat'), 'claude-3-5-sonnet-20241022');
    assert.equal(lastUpstream(stack).body.stream, true);
    assertFourWordsEchoed(got);
    assert.equal(got.usage?.total_tokens, 9);
  });

  it('tool call round trip: tool_use becomes tool_calls, the tool message becomes a tool_result', async () => {
    const client = stack.openai('/anthropic/chat');
    const asked = await askWeatherInLyon(client, 'claude-3-5-sonnet-20241022');
    const { call } = asked;
    const sentTools = lastUpstream(stack).body.tools;
    assert.deepEqual(sentTools, [{ name: 'get_weather', description: WEATHER_TOOL.function.description, input_schema: WEATHER_TOOL.function.parameters }]);
    assert.match(call.id, /^toolu_/);

    const second = await answerWeather(client, 'claude-3-5-sonnet-20241022', asked);
    const messages = lastUpstream(stack).body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
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
    const got = await streamWeatherCall(stack.openai('/anthropic/chat'), 'claude-3-5-sonnet-20241022');
    assert.equal(got.text, '');
    assertStreamedWeatherCall(got, /^toolu_/);
  });

  it('tool_choice: required is {type: any}, a named function is {type: tool}', async () => {
    const client = stack.openai('/anthropic/chat');
    const required = await client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'Nice' }], tools: [WEATHER_TOOL], tool_choice: 'required' });
    assert.deepEqual(lastUpstream(stack).body.tool_choice, { type: 'any' });
    assert.equal(required.choices[0]?.finish_reason, 'tool_calls');
    const named = await client.chat.completions.create({
      model: 'claude-3-5-sonnet-20241022',
      messages: [{ role: 'user', content: 'Nice' }],
      tools: [WEATHER_TOOL],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
    assert.deepEqual(lastUpstream(stack).body.tool_choice, { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });
    const call = named.choices[0]?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'get_weather');
  });

  it('a gzip answer is decoded for the client, whole and streamed', async () => {
    const client = stack.openai('/anthropic/chat');
    const chat = await client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'zipped whole' }] }, { headers: { 'x-mock-gzip': '1' } });
    assert.equal(chat.choices[0]?.message.content, 'Echo: zipped whole');
    const got = await collectChat(
      await client.chat.completions.create({ model: 'claude-3-5-sonnet-20241022', messages: [{ role: 'user', content: 'zipped stream' }], stream: true }, { headers: { 'x-mock-gzip': '1' } }),
    );
    assert.equal(got.text, 'Echo: zipped stream');
    assert.equal(got.finish, 'stop');
  });

  it('completions: the legacy Text Completions API with a Human/Assistant prompt', async () => {
    const completion = await stack.openai('/anthropic/completions').completions.create({ model: 'claude-2.1', prompt: 'Say this', max_tokens: 50 });
    assert.equal(completion.choices[0]?.text.trim(), 'Echo: Say this');
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    const sent = lastUpstream(stack);
    assert.equal(sent.path, '/v1/complete');
    assert.equal(sent.headers['x-api-key'], 'mock-key');
    assert.equal(sent.body.prompt, '\n\nHuman: Say this\n\nAssistant:');
    assert.equal(sent.body.max_tokens_to_sample, 50);
  });

  it('a stream cut before its message_stop ends in an error the SDK raises', async () => {
    await assertCutStreamRaises(stack.openai('/anthropic/chat'), 'claude-3-5-sonnet-20241022', /the anthropic stream ended before it was complete/);
  });

  it('rate limit and server errors keep their status and Anthropic message', async () => {
    await assertUpstreamErrors(stack.openai('/anthropic/chat'), 'claude-3-5-sonnet-20241022', [
      { status: 429, type: OpenAI.RateLimitError, message: /rate limit/i },
      { status: 500, type: OpenAI.InternalServerError, message: 'Internal server error' },
      // Anthropic's own "overloaded" status.
      { status: 529, type: OpenAI.APIError, message: 'Overloaded' },
    ]);
  });

  it('a refused key is a 401 AuthenticationError that never shows the key', async () => {
    await assertRefusedKey(stack, { path: '/anthropic/badkey', model: 'claude-3-5-sonnet-20241022', wrongKey: 'wrong-anthropic-key', goodKey: 'mock-key', message: /invalid x-api-key/ });
    assert.equal(lastUpstream(stack).headers['x-api-key'], 'wrong-anthropic-key', 'the configured (wrong) key was the one sent');
  });
});

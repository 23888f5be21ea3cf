/**
 * OpenAI and Azure through the whole path: the `openai` SDK → local gateway → plugin server →
 * ai-proxy-js → mock upstream, and back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';
import { assertCutStreamRaises, collectChat, dig, lastAnalytics, lastLogLine } from '../helpers/e2e';

const KEY = { header_name: 'Authorization', header_value: 'Bearer mock-key' };
const stats = { log_statistics: true, log_payloads: false };

let stack: AiStack;

before(async () => {
  stack = await startAiStack((mock) => [
    { path: '/openai/chat', config: { route_type: 'llm/v1/chat', auth: KEY, logging: stats, model_name_header: true, model: { provider: 'openai', name: 'gpt-4o', options: { upstream_url: `${mock}/v1/chat/completions`, input_cost: 5, output_cost: 15 } } } },
    { path: '/openai/completions', config: { route_type: 'llm/v1/completions', auth: KEY, model: { provider: 'openai', name: 'gpt-3.5-turbo-instruct', options: { upstream_url: `${mock}/v1/completions` } } } },
    { path: '/openai/embeddings', config: { route_type: 'llm/v1/embeddings', auth: KEY, model: { provider: 'openai', name: 'text-embedding-3-small', options: { upstream_url: `${mock}/v1/embeddings` } } } },
    { path: '/openai/nostream', config: { route_type: 'llm/v1/chat', auth: KEY, response_streaming: 'deny', model: { provider: 'openai', name: 'gpt-4o', options: { upstream_url: `${mock}/v1/chat/completions` } } } },
    { path: '/openai/badkey', config: { route_type: 'llm/v1/chat', auth: { header_name: 'Authorization', header_value: 'Bearer wrong-key' }, model: { provider: 'openai', name: 'gpt-4o', options: { upstream_url: `${mock}/v1/chat/completions` } } } },
    { path: '/openai/slow', service: { read_timeout: 300 }, config: { route_type: 'llm/v1/chat', auth: KEY, model: { provider: 'openai', name: 'gpt-4o', options: { upstream_url: `${mock}/v1/chat/completions` } } } },
    {
      path: '/azure/chat',
      config: {
        route_type: 'llm/v1/chat',
        auth: { header_name: 'api-key', header_value: 'mock-key' },
        logging: stats,
        model: { provider: 'azure', name: 'gpt-4o', options: { azure_instance: 'acme', azure_deployment_id: 'chat-dep', azure_api_version: '2024-10-21', upstream_url: `${mock}/openai/deployments/chat-dep/chat/completions` } },
      },
    },
  ]);
});

after(async () => {
  await stack?.close();
});

describe('openai via ai-proxy-js', () => {
  it('chat: the SDK gets the mock answer, usage and the model header', async () => {
    const { data, response } = await stack.openai('/openai/chat').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello from the SDK' }] }).withResponse();
    assert.equal(data.choices[0]?.message.content, 'Echo: Hello from the SDK');
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.ok(data.usage && data.usage.total_tokens === data.usage.prompt_tokens + data.usage.completion_tokens);
    assert.equal(response.headers.get('x-kong-llm-model'), 'openai/gpt-4o');
    const upstream = stack.mock.requests.at(-1)!;
    assert.equal(upstream.path, '/v1/chat/completions');
    assert.equal(upstream.headers.authorization, 'Bearer mock-key', 'the configured key replaced the client one');
  });

  it('chat: the log line carries Kong analytics keys', async () => {
    await stack.openai('/openai/chat').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'count my tokens please' }] });
    const log = lastLogLine(stack, '/openai/chat');
    const proxy = lastAnalytics(stack, '/openai/chat');
    assert.equal(dig(proxy, 'meta', 'provider_name'), 'openai');
    assert.equal(dig(proxy, 'meta', 'request_model'), 'gpt-4o');
    assert.equal(typeof dig(proxy, 'meta', 'plugin_id'), 'string');
    assert.equal(typeof dig(proxy, 'meta', 'llm_latency'), 'number');
    const { prompt_tokens, completion_tokens, total_tokens, cost } = dig(proxy, 'usage') as Record<string, number>;
    assert.ok(prompt_tokens > 0 && completion_tokens > 0);
    assert.equal(total_tokens, prompt_tokens + completion_tokens);
    assert.equal(cost, (prompt_tokens * 5 + completion_tokens * 15) / 1e6);
    assert.doesNotMatch(JSON.stringify(log), /client-key-not-used/, 'the client credential is redacted too');
    assert.doesNotMatch(JSON.stringify(log), /mock-key/, 'no credential in the log line');
  });

  it('chat stream: the SDK iterator yields the chunks', async () => {
    const { chunks, text, finish, usage } = await collectChat(
      await stack.openai('/openai/chat').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one two three four' }], stream: true, stream_options: { include_usage: true } }),
    );
    assert.ok(chunks > 2);
    assert.equal(text, 'Echo: one two three four');
    assert.equal(finish, 'stop');
    assert.ok(usage && usage.completion_tokens > 0);
  });

  it('completions and embeddings', async () => {
    const completion = await stack.openai('/openai/completions').completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this' });
    assert.equal(completion.choices[0]?.text, 'Echo: Say this');
    const embedding = await stack.openai('/openai/embeddings').embeddings.create({ model: 'text-embedding-3-small', input: ['first', 'second'] });
    assert.equal(embedding.data.length, 2);
    assert.ok(embedding.data[0]!.embedding.length > 0);
    assert.notDeepEqual(embedding.data[0]!.embedding, embedding.data[1]!.embedding);
  });

  it('wrong model, bad JSON and denied streaming are Kong 400s', async () => {
    await assert.rejects(
      stack.openai('/openai/chat').chat.completions.create({ model: 'gpt-3.5', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && err.message.includes('cannot use own model - must be: gpt-4o'),
    );
    const bad = await fetch(`${stack.url}/openai/chat/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"messages": [' });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: { message: 'content-type header does not match request body, or bad JSON formatting' } });
    await assert.rejects(
      stack.openai('/openai/nostream').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && err.message.includes('response streaming is not enabled for this LLM'),
    );
  });

  it('upstream 500, a refused key and a timeout reach the SDK as errors with their status', async () => {
    const client = stack.openai('/openai/chat');
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '500' } }),
      (err: unknown) => err instanceof OpenAI.InternalServerError && err.status === 500,
    );
    await assert.rejects(
      stack.openai('/openai/badkey').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => err instanceof OpenAI.AuthenticationError && !String(err.message).includes('wrong-key'),
    );
    await assert.rejects(
      stack.openai('/openai/slow').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-delay-ms': '2000' } }),
      (err: unknown) => err instanceof OpenAI.APIError && err.status === 504,
    );
  });

  it('garbage from the upstream is a 502, not a success', async () => {
    await assert.rejects(
      stack.openai('/openai/chat').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-garbage': '1' } }),
      (err: unknown) => err instanceof OpenAI.APIError && err.status === 502,
    );
  });

  it('a gzip answer is decoded for the client', async () => {
    const chat = await stack.openai('/openai/chat').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'zipped' }] }, { headers: { 'x-mock-gzip': '1' } });
    assert.equal(chat.choices[0]?.message.content, 'Echo: zipped');
  });

  it('a cut stream ends in an error the SDK raises', async () => {
    await assertCutStreamRaises(stack.openai('/openai/chat'), 'gpt-4o', /ended before it was complete/, 2);
  });
});

describe('azure via ai-proxy-js', () => {
  it('chat reaches the deployment path with api-version and api-key', async () => {
    const chat = await stack.openai('/azure/chat').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi Azure' }] });
    assert.equal(chat.choices[0]?.message.content, 'Echo: Hi Azure');
    const upstream = stack.mock.requests.at(-1)!;
    assert.equal(upstream.path, '/openai/deployments/chat-dep/chat/completions');
    assert.equal(upstream.query['api-version'], '2024-10-21');
    assert.equal(upstream.headers['api-key'], 'mock-key');
    const meta = dig(lastAnalytics(stack, '/azure/chat'), 'meta');
    assert.equal(dig(meta, 'azure_deployment_id'), 'chat-dep');
    assert.equal(dig(meta, 'azure_instance_id'), 'acme');
  });
});

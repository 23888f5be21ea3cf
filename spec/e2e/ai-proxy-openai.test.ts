/**
 * OpenAI and Azure through the whole path: the `openai` SDK → local gateway → plugin server →
 * ai-proxy-js → mock upstream, and back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';

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

function lastLog(path: string): Record<string, any> {
  const entries = stack.gateway.logs.filter((e: Record<string, any>) => String(e.request?.uri ?? '').startsWith(path));
  assert.ok(entries.length > 0, `no log line for ${path}`);
  return entries.at(-1) as Record<string, any>;
}

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
    const log = lastLog('/openai/chat');
    const proxy = log.ai?.proxy;
    assert.ok(proxy, `no ai.proxy in ${JSON.stringify(log)}`);
    assert.equal(proxy.meta.provider_name, 'openai');
    assert.equal(proxy.meta.request_model, 'gpt-4o');
    assert.equal(typeof proxy.meta.plugin_id, 'string');
    assert.equal(typeof proxy.meta.llm_latency, 'number');
    const { prompt_tokens, completion_tokens, total_tokens, cost } = proxy.usage;
    assert.ok(prompt_tokens > 0 && completion_tokens > 0);
    assert.equal(total_tokens, prompt_tokens + completion_tokens);
    assert.equal(cost, (prompt_tokens * 5 + completion_tokens * 15) / 1e6);
    assert.doesNotMatch(JSON.stringify(log), /client-key-not-used/, 'the client credential is redacted too');
    assert.doesNotMatch(JSON.stringify(log), /mock-key/, 'no credential in the log line');
  });

  it('chat stream: the SDK iterator yields the chunks', async () => {
    const stream = await stack.openai('/openai/chat').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one two three four' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | undefined | null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
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
    const stream = await stack.openai('/openai/chat').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'a b c d e f' }], stream: true }, { headers: { 'x-mock-truncate': '2' } });
    await assert.rejects(async () => {
      for await (const _ of stream) {
        // drain
      }
    }, /ended before it was complete/);
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
    const meta = lastLog('/azure/chat').ai.proxy.meta;
    assert.equal(meta.azure_deployment_id, 'chat-dep');
    assert.equal(meta.azure_instance_id, 'acme');
  });
});

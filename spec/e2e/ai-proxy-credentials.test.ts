/**
 * Credentials never reach the log line, and upstream failures go through the plugin's response
 * phase (as under Kong's buffered proxying) so the client gets ai-proxy's error shape.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startAiStack, type AiStack } from '../helpers/ai-stack';

let stack: AiStack;
const stats = { log_statistics: true, log_payloads: true };

before(async () => {
  stack = await startAiStack((mock) => [
    {
      path: '/query-key',
      config: { route_type: 'llm/v1/chat', auth: { param_name: 'apikey', param_value: 'SECRET-QUERY-KEY', param_location: 'query' }, logging: stats, model: { provider: 'openai', name: 'gpt-4o', options: { upstream_url: `${mock}/v1/chat/completions` } } },
    },
    {
      path: '/slow',
      service: { read_timeout: 250 },
      config: { route_type: 'llm/v1/chat', auth: { header_name: 'Authorization', header_value: 'Bearer mock-key' }, logging: stats, model: { provider: 'openai', name: 'gpt-4o', options: { upstream_url: `${mock}/v1/chat/completions` } } },
    },
    {
      path: '/unreachable',
      config: { route_type: 'llm/v1/chat', auth: { header_name: 'x-api-key', header_value: 'sk-ant-SECRET' }, model: { provider: 'anthropic', name: 'claude', options: { anthropic_version: '2023-06-01', upstream_url: 'http://127.0.0.1:1/v1/messages' } } },
    },
  ]);
});

after(async () => {
  await stack?.close();
});

function logsFor(path: string): string {
  return JSON.stringify(stack.gateway.logs.filter((e) => String((e.request as { uri?: unknown } | undefined)?.uri ?? '').startsWith(path)));
}

describe('credentials in the log line', () => {
  it('redacts a query credential, client credential headers and payloads', async () => {
    const res = await fetch(`${stack.url}/query-key/chat/completions?trace=1&key=client-query-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom-key': 'client-custom-secret', 'x-goog-api-key': 'client-goog-secret', authorization: 'Bearer client-bearer' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    await res.arrayBuffer();
    const line = logsFor('/query-key');
    assert.ok(line.length > 2, 'the request was logged');
    for (const secret of ['SECRET-QUERY-KEY', 'client-query-key', 'client-custom-secret', 'client-goog-secret', 'client-bearer']) {
      assert.doesNotMatch(line, new RegExp(secret), `${secret} leaked into the log line`);
    }
    assert.match(line, /"trace":"1"/, 'other query args stay');
    const upstream = stack.mock.requests.at(-1)!;
    assert.equal(upstream.query.apikey, 'SECRET-QUERY-KEY', 'the upstream did get the credential');
    assert.equal(upstream.headers.authorization, undefined, 'the client bearer token did not travel to the provider');
  });
});

describe('upstream failures under buffered proxying', () => {
  it('a timeout reaches the SDK as a 504 in the OpenAI error shape, with analytics logged', async () => {
    const client = new OpenAI({ baseURL: `${stack.url}/slow`, apiKey: 'unused', maxRetries: 0 });
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-delay-ms': '1500' } }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.APIError);
        assert.equal(err.status, 504);
        assert.match(err.message, /timing out/);
        return true;
      },
    );
    const entry = stack.gateway.logs.filter((e) => String((e.request as { uri?: unknown }).uri).startsWith('/slow')).at(-1) as { ai?: { proxy?: { meta?: { provider_name?: string } } }; response: { status: number } };
    assert.equal(entry.response.status, 504);
    assert.equal(entry.ai?.proxy?.meta?.provider_name, 'openai');
  });

  it('an unreachable upstream is a 502 in the error shape, without the key', async () => {
    const res = await fetch(`${stack.url}/unreachable`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }) });
    assert.equal(res.status, 502);
    const body = (await res.json()) as { error?: { message?: string } };
    assert.equal(typeof body.error?.message, 'string');
    assert.doesNotMatch(JSON.stringify(body) + logsFor('/unreachable'), /sk-ant-SECRET/);
  });
});

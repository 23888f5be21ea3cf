/** The OpenAI and Azure drivers: request bodies, URLs, answer shape checks and the SSE passthrough. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { azureDriver } from '../../../../src/llm/drivers/azure';
import { openaiDriver } from '../../../../src/llm/drivers/openai';
import type { DriverContext } from '../../../../src/llm/drivers/types';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, ModelOptions, OpenAIRequest, Provider } from '../../../../src/llm/types';
import { pluginConfig } from '../../../helpers/config';
import { everyByte, fixtureBytes, replayStream } from '../../../helpers/drivers';
import { readFixture, readJsonFixture } from '../../../helpers/paths';

function ctx(provider: Provider, routeType: LlmRouteType, name: string, options: ModelOptions = {}, stream = false): DriverContext {
  const conf = pluginConfig({
    route_type: routeType,
    model: { provider, name, options: provider === 'azure' ? { azure_instance: 'acme', azure_deployment_id: 'dep-1', ...options } : options },
  });
  return { conf, routeType, model: { provider, name, options: conf.model.options ?? {} }, stream, responseId: 'chatcmpl-fixed', created: 1_700_000_000 };
}

const fixture = <T = unknown>(name: string): T => readJsonFixture<T>('drivers', 'openai', name);

describe('openai driver: requests', () => {
  it('chat: model set, stream explicit, top_k and stream_options dropped', () => {
    const c = ctx('openai', 'llm/v1/chat', 'gpt-4o');
    assert.deepEqual(openaiDriver.toUpstream(fixture<OpenAIRequest>('chat-tools.request.json'), c).body, fixture('chat-tools.upstream.json'));
  });

  it('completions: the configured model', () => {
    const c = ctx('openai', 'llm/v1/completions', 'gpt-3.5-turbo-instruct');
    assert.deepEqual(openaiDriver.toUpstream(fixture<OpenAIRequest>('completions.request.json'), c).body, fixture('completions.upstream.json'));
  });

  it('embeddings: only embedding fields, embeddings_dimensions filling dimensions', () => {
    const c = ctx('openai', 'llm/v1/embeddings', 'text-embedding-3-small', { embeddings_dimensions: 256 });
    assert.deepEqual(openaiDriver.toUpstream(fixture<OpenAIRequest>('embeddings.request.json'), c).body, fixture('embeddings.upstream.json'));
  });

  it('URLs per route type, upstream_path and upstream_url', () => {
    assert.equal(openaiDriver.upstream(ctx('openai', 'llm/v1/chat', 'm')).url.href, 'https://api.openai.com/v1/chat/completions');
    assert.equal(openaiDriver.upstream(ctx('openai', 'llm/v1/completions', 'm')).url.href, 'https://api.openai.com/v1/completions');
    assert.equal(openaiDriver.upstream(ctx('openai', 'llm/v1/embeddings', 'm')).url.href, 'https://api.openai.com/v1/embeddings');
    assert.equal(openaiDriver.upstream(ctx('openai', 'llm/v1/chat', 'm', { upstream_path: '/proxy/v1/chat' })).url.href, 'https://api.openai.com/proxy/v1/chat');
    assert.equal(openaiDriver.upstream(ctx('openai', 'llm/v1/chat', 'm', { upstream_url: 'http://10.0.0.1:8080/v1/chat/completions' })).url.href, 'http://10.0.0.1:8080/v1/chat/completions');
  });
});

describe('openai driver: answers', () => {
  it('passes a tool-call answer through as it is', () => {
    const body = fixture('chat-tool-call.response.json');
    assert.deepEqual(openaiDriver.fromUpstream(body, ctx('openai', 'llm/v1/chat', 'gpt-4o')), body);
  });

  it('refuses a body without choices or data with a 502 in Kong words', () => {
    assert.throws(() => openaiDriver.fromUpstream({ text: 'hi' }, ctx('openai', 'llm/v1/chat', 'gpt-4o')), (e: unknown) => e instanceof LlmError && e.status === 502 && /'choices' not in llm\/v1\/chat response/.test(e.message));
    assert.throws(() => openaiDriver.fromUpstream({ choices: [] }, ctx('openai', 'llm/v1/embeddings', 'e')), (e: unknown) => e instanceof LlmError && /'data' not in/.test(e.message));
  });

  it('reads error messages in the shapes OpenAI-compatible servers use', () => {
    assert.equal(openaiDriver.errorMessage({ error: { message: 'Rate limit', type: 'requests' } }), 'Rate limit');
    assert.equal(openaiDriver.errorMessage({ error: 'model not found' }), 'model not found');
    assert.equal(openaiDriver.errorMessage({ message: 'bad gateway' }), 'bad gateway');
    assert.equal(openaiDriver.errorMessage('<html>'), undefined);
  });
});

describe('openai driver: streams', () => {
  const stream = readFixture('drivers', 'openai', 'stream-tool-call.stream.txt');
  const bytes = fixtureBytes('openai', 'stream-tool-call.stream.txt');
  const c = ctx('openai', 'llm/v1/chat', 'gpt-4o', {}, true);
  const whole = replayStream(openaiDriver, c, bytes);

  it('passes every chunk through, reports usage and the end', () => {
    assert.equal(whole.chunks.length, 5);
    assert.deepEqual(whole.chunks[1], JSON.parse(stream.split('\n\n')[1]!.slice(6)));
    assert.equal(whole.done, true);
    assert.equal(whole.truncated, false);
    assert.equal(whole.usage.prompt_tokens, 50);
    assert.equal(whole.usage.completion_tokens, 12);
  });

  it('gives the same chunks whatever the byte boundaries (multi-byte text included)', () => {
    for (let i = 1; i < bytes.length; i++) assert.deepEqual(replayStream(openaiDriver, c, bytes, [i]), whole, `split at byte ${i}`);
    assert.deepEqual(replayStream(openaiDriver, c, bytes, everyByte(bytes.length)), whole);
  });

  it('turns an error event or a non-JSON event into an error step', () => {
    const mapper = openaiDriver.createStreamMapper(c);
    assert.match(mapper.map({ data: '{"error":{"message":"overloaded"}}' }).error?.message ?? '', /overloaded/);
    assert.ok(mapper.map({ data: 'not json' }).error instanceof LlmError);
  });
});

describe('azure driver', () => {
  it('builds the deployment URL with api-version for each route type', () => {
    assert.equal(azureDriver.upstream(ctx('azure', 'llm/v1/chat', 'gpt-4o')).url.href, 'https://acme.openai.azure.com/openai/deployments/dep-1/chat/completions?api-version=2023-05-15');
    assert.equal(azureDriver.upstream(ctx('azure', 'llm/v1/completions', 'gpt-4o', { azure_api_version: '2024-10-21' })).url.href, 'https://acme.openai.azure.com/openai/deployments/dep-1/completions?api-version=2024-10-21');
    assert.equal(azureDriver.upstream(ctx('azure', 'llm/v1/embeddings', 'e')).url.pathname, '/openai/deployments/dep-1/embeddings');
  });

  it('honours upstream_path and upstream_url, keeping api-version', () => {
    assert.equal(azureDriver.upstream(ctx('azure', 'llm/v1/chat', 'gpt-4o', { upstream_path: '/extensions/chat/completions' })).url.pathname, '/openai/deployments/dep-1/extensions/chat/completions');
    const url = azureDriver.upstream(ctx('azure', 'llm/v1/chat', 'gpt-4o', { upstream_url: 'http://127.0.0.1:9000/openai/deployments/x/chat/completions' })).url;
    assert.equal(url.href, 'http://127.0.0.1:9000/openai/deployments/x/chat/completions?api-version=2023-05-15');
  });

  it('escapes a templated deployment id into one path segment', () => {
    assert.equal(azureDriver.upstream(ctx('azure', 'llm/v1/chat', 'gpt-4o', { azure_deployment_id: 'a/b c' })).url.pathname, '/openai/deployments/a%2Fb%20c/chat/completions');
  });

  it('sends OpenAI bodies and passes OpenAI answers and streams through', () => {
    const c = ctx('azure', 'llm/v1/chat', 'gpt-4o');
    assert.deepEqual(azureDriver.toUpstream(fixture<OpenAIRequest>('chat-tools.request.json'), c).body, fixture('chat-tools.upstream.json'));
    const body = fixture('chat-tool-call.response.json');
    assert.deepEqual(azureDriver.fromUpstream(body, c), body);
    const streamed = replayStream(azureDriver, { ...c, stream: true }, fixtureBytes('openai', 'stream-tool-call.stream.txt'));
    assert.equal(streamed.truncated, false);
    assert.equal(streamed.chunks.length, 5);
  });

  it('adds its instance, deployment and api-version to the analytics meta', () => {
    assert.deepEqual(azureDriver.analyticsMeta?.(ctx('azure', 'llm/v1/chat', 'gpt-4o')), { azure_instance_id: 'acme', azure_deployment_id: 'dep-1', azure_api_version: '2023-05-15' });
  });
});

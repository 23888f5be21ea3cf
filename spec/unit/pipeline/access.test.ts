import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmError } from '../../../src/llm/errors';
import { clientSourcesNeeded, prepareUpstreamRequest, type ClientRequest } from '../../../src/llm/pipeline/access';
import { OPENAI_CHAT, pluginConfig } from '../../helpers/config';

const clock = { now: () => 1_700_000_000_000 };

function client(body: unknown, extra: Partial<ClientRequest> = {}): ClientRequest {
  return { headers: { 'content-type': 'application/json' }, rawBody: typeof body === 'string' ? body : JSON.stringify(body), ...extra };
}

const chat = { messages: [{ role: 'user', content: 'Hello there' }] };

async function rejects(fn: () => Promise<unknown>, status: number, message: string | RegExp): Promise<void> {
  await assert.rejects(fn, (err: unknown) => {
    assert.ok(err instanceof LlmError, `expected LlmError, got ${String(err)}`);
    assert.equal(err.status, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('prepareUpstreamRequest: the OpenAI request', () => {
  it('targets api.openai.com with the configured key and model', async () => {
    const up = await prepareUpstreamRequest(pluginConfig(OPENAI_CHAT), client(chat), clock);
    assert.equal(up.scheme, 'https');
    assert.equal(up.host, 'api.openai.com');
    assert.equal(up.port, 443);
    assert.equal(up.path, '/v1/chat/completions');
    assert.equal(up.rawQuery, undefined);
    assert.equal(up.headers.authorization, 'Bearer sk-test-secret');
    assert.equal(up.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(up.body), { messages: chat.messages, model: 'gpt-4o', stream: false });
    assert.equal(up.state.model.name, 'gpt-4o');
    assert.equal(up.state.stream, false);
    assert.equal(up.state.sentAt, clock.now());
    assert.equal(up.state.promptTokensEstimate, 2);
    assert.equal(up.state.requestBody, undefined);
  });

  it('keeps the raw request body in the state only when payloads are logged', async () => {
    const conf = pluginConfig({ ...OPENAI_CHAT, logging: { log_statistics: true, log_payloads: true } });
    const raw = JSON.stringify(chat);
    assert.equal((await prepareUpstreamRequest(conf, client(raw), clock)).state.requestBody, raw);
  });

  it('honours upstream_url and upstream_path', async () => {
    const url = pluginConfig({ ...OPENAI_CHAT, model: { provider: 'openai', name: 'm', options: { upstream_url: 'http://127.0.0.1:9000/custom/chat' } } });
    const a = await prepareUpstreamRequest(url, client(chat), clock);
    assert.deepEqual([a.scheme, a.host, a.port, a.path], ['http', '127.0.0.1', 9000, '/custom/chat']);
    const path = pluginConfig({ ...OPENAI_CHAT, model: { provider: 'openai', name: 'm', options: { upstream_path: 'v2/chat' } } });
    assert.equal((await prepareUpstreamRequest(path, client(chat), clock)).path, '/v2/chat');
  });

  it('builds the Azure deployment URL with api-version, and a client api-version wins', async () => {
    const conf = pluginConfig({
      route_type: 'llm/v1/chat',
      auth: { header_name: 'api-key', header_value: 'azure-secret' },
      model: { provider: 'azure', name: 'gpt-4o', options: { azure_instance: 'acme', azure_deployment_id: 'chat-dep', azure_api_version: '2024-10-21' } },
    });
    assert.deepEqual(clientSourcesNeeded(conf), { query: true, uriCaptures: false });
    const up = await prepareUpstreamRequest(conf, client(chat, { query: { trace: 'yes' } }), clock);
    assert.equal(up.host, 'acme.openai.azure.com');
    assert.equal(up.path, '/openai/deployments/chat-dep/chat/completions');
    assert.equal(up.rawQuery, 'trace=yes&api-version=2024-10-21');
    assert.equal(up.headers['api-key'], 'azure-secret');
    const own = await prepareUpstreamRequest(conf, client(chat, { query: { 'api-version': '2025-01-01' } }), clock);
    assert.equal(own.rawQuery, 'api-version=2025-01-01');
  });
});

describe('prepareUpstreamRequest: Kong errors', () => {
  const conf = pluginConfig(OPENAI_CHAT);

  it('refuses bad JSON and mismatched content types with Kong message', async () => {
    const message = 'content-type header does not match request body, or bad JSON formatting';
    await rejects(async () => prepareUpstreamRequest(conf, client('{"messages": ['), clock), 400, message);
    await rejects(async () => prepareUpstreamRequest(conf, client(chat, { headers: { 'content-type': 'text/plain' } }), clock), 400, message);
    await rejects(async () => prepareUpstreamRequest(conf, client(''), clock), 400, message);
  });

  it('refuses bodies over max_request_body_size', async () => {
    const small = pluginConfig({ ...OPENAI_CHAT, max_request_body_size: 16 });
    await rejects(async () => prepareUpstreamRequest(small, client(chat), clock), 413, /max_request_body_size/);
  });

  it('names a wrongly typed field', async () => {
    await rejects(async () => prepareUpstreamRequest(conf, client({ ...chat, temperature: 'hot' }), clock), 400, "request body field 'temperature' must be number");
  });

  it('refuses requests without prompts or of another route type', async () => {
    await rejects(async () => prepareUpstreamRequest(conf, client({ messages: [] }), clock), 400, "request body doesn't contain valid prompts");
    await rejects(async () => prepareUpstreamRequest(conf, client({ prompt: 'Once upon' }), clock), 400, '[llm/v1/completions] message format is not compatible with [llm/v1/chat] route type');
  });

  it('refuses a different model and a missing one', async () => {
    await rejects(async () => prepareUpstreamRequest(conf, client({ ...chat, model: 'gpt-3.5' }), clock), 400, 'cannot use own model - must be: gpt-4o');
    const unnamed = pluginConfig({ ...OPENAI_CHAT, model: { provider: 'openai' } });
    await rejects(async () => prepareUpstreamRequest(unnamed, client(chat), clock), 400, 'model parameter not found in request, nor in gateway configuration');
    const up = await prepareUpstreamRequest(unnamed, client({ ...chat, model: 'gpt-4o-mini' }), clock);
    assert.equal(JSON.parse(up.body).model, 'gpt-4o-mini');
  });

  it('accepts the configured model named in the request', async () => {
    const up = await prepareUpstreamRequest(conf, client({ ...chat, model: 'gpt-4o' }), clock);
    assert.equal(JSON.parse(up.body).model, 'gpt-4o');
  });

  it('says which route types it serves', async () => {
    const files = pluginConfig({ ...OPENAI_CHAT, route_type: 'llm/v1/files' });
    await rejects(async () => prepareUpstreamRequest(files, client(chat), clock), 500, /route_type 'llm\/v1\/files' is not supported/);
  });
});

describe('prepareUpstreamRequest: options and streaming', () => {
  it('lets request sampling options win and config fill the rest; config max_tokens caps', async () => {
    const conf = pluginConfig({ ...OPENAI_CHAT, model: { provider: 'openai', name: 'gpt-4o', options: { temperature: 0.2, top_p: 0.9, max_tokens: 256 } } });
    const body = JSON.parse((await prepareUpstreamRequest(conf, client({ ...chat, temperature: 1.1, max_tokens: 4000 }), clock)).body);
    assert.equal(body.temperature, 1.1);
    assert.equal(body.top_p, 0.9);
    assert.equal(body.max_tokens, 256);
  });

  it('allows, denies and forces streaming', async () => {
    const allow = await prepareUpstreamRequest(pluginConfig(OPENAI_CHAT), client({ ...chat, stream: true, stream_options: { include_usage: true } }), clock);
    assert.equal(allow.state.stream, true);
    assert.equal(allow.state.includeUsage, true);
    assert.equal(JSON.parse(allow.body).stream, true);
    const deny = pluginConfig({ ...OPENAI_CHAT, response_streaming: 'deny' });
    await rejects(async () => prepareUpstreamRequest(deny, client({ ...chat, stream: true }), clock), 400, 'response streaming is not enabled for this LLM');
    assert.equal((await prepareUpstreamRequest(deny, client(chat), clock)).state.stream, false);
    const always = pluginConfig({ ...OPENAI_CHAT, response_streaming: 'always' });
    const forced = await prepareUpstreamRequest(always, client(chat), clock);
    assert.equal(forced.state.stream, true);
    assert.equal(JSON.parse(forced.body).stream, true);
  });
});

describe('prepareUpstreamRequest: credentials', () => {
  it('replaces a client credential unless allow_override is set', async () => {
    const headers = { 'content-type': 'application/json', authorization: 'Bearer client-key' };
    const fixed = await prepareUpstreamRequest(pluginConfig(OPENAI_CHAT), client(chat, { headers }), clock);
    assert.equal(fixed.headers.authorization, 'Bearer sk-test-secret');
    const open = pluginConfig({ ...OPENAI_CHAT, auth: { ...OPENAI_CHAT.auth, allow_override: true } });
    const own = await prepareUpstreamRequest(open, client(chat, { headers }), clock);
    assert.equal(own.headers.authorization, undefined, 'the client header is left as the client sent it');
    assert.equal((await prepareUpstreamRequest(open, client(chat), clock)).headers.authorization, 'Bearer sk-test-secret');
  });

  it('drops other credentials the client sent, unless allow_override', async () => {
    const anthropic = pluginConfig({ route_type: 'llm/v1/chat', auth: { header_name: 'x-api-key', header_value: 'sk-ant' }, model: { provider: 'anthropic', name: 'claude', options: { anthropic_version: '2023-06-01' } } });
    const headers = { 'content-type': 'application/json', authorization: 'Bearer kong-consumer-key', 'x-api-key': 'client-ant' };
    const up = await prepareUpstreamRequest(anthropic, client(chat, { headers }), clock);
    assert.equal(up.headers['x-api-key'], 'sk-ant');
    assert.deepEqual(up.clearHeaders, ['authorization']);
    const open = pluginConfig({ ...anthropic, auth: { header_name: 'x-api-key', header_value: 'sk-ant', allow_override: true } });
    assert.deepEqual((await prepareUpstreamRequest(open, client(chat, { headers }), clock)).clearHeaders, []);
    const none = pluginConfig({ route_type: 'llm/v1/chat', model: { provider: 'openai', name: 'm', options: { upstream_url: 'http://127.0.0.1:1/v1/chat/completions' } } });
    assert.deepEqual((await prepareUpstreamRequest(none, client(chat, { headers }), clock)).clearHeaders, [], 'no configured credential: the client speaks for itself');
  });

  it('puts a query credential in the query, a body credential in the body', async () => {
    const query = pluginConfig({ ...OPENAI_CHAT, auth: { param_name: 'key', param_value: 'q-secret', param_location: 'query' } });
    assert.equal((await prepareUpstreamRequest(query, client(chat, { query: { key: 'mine' } }), clock)).rawQuery, 'key=q-secret');
    const queryOverride = pluginConfig({ ...OPENAI_CHAT, auth: { param_name: 'key', param_value: 'q-secret', param_location: 'query', allow_override: true } });
    assert.equal((await prepareUpstreamRequest(queryOverride, client(chat, { query: { key: 'mine' } }), clock)).rawQuery, 'key=mine');
    const body = pluginConfig({ ...OPENAI_CHAT, auth: { param_name: 'api_key', param_value: 'b-secret', param_location: 'body' } });
    assert.equal(JSON.parse((await prepareUpstreamRequest(body, client({ ...chat, api_key: 'mine' }), clock)).body).api_key, 'b-secret');
    const bodyOverride = pluginConfig({ ...OPENAI_CHAT, auth: { param_name: 'api_key', param_value: 'b-secret', param_location: 'body', allow_override: true } });
    assert.equal(JSON.parse((await prepareUpstreamRequest(bodyOverride, client({ ...chat, api_key: 'mine' }), clock)).body).api_key, 'mine');
  });
});

describe('prepareUpstreamRequest: templating', () => {
  it('fills the model name from a header and an upstream path from a URI capture', async () => {
    const conf = pluginConfig({
      ...OPENAI_CHAT,
      model: { provider: 'openai', name: '$(headers.x-model)', options: { upstream_path: '/v1/$(uri_captures.kind)/completions' } },
    });
    assert.deepEqual(clientSourcesNeeded(conf), { query: false, uriCaptures: true });
    const up = await prepareUpstreamRequest(conf, client(chat, { headers: { 'content-type': 'application/json', 'x-model': 'gpt-4.1' }, uriCaptures: { kind: 'chat' } }), clock);
    assert.equal(JSON.parse(up.body).model, 'gpt-4.1');
    assert.equal(up.path, '/v1/chat/completions');
  });

  it('refuses a missing template value with a 400', async () => {
    const conf = pluginConfig({ ...OPENAI_CHAT, model: { provider: 'openai', name: '$(headers.x-model)' } });
    await assert.rejects(async () => prepareUpstreamRequest(conf, client(chat), clock), (err: unknown) => err instanceof LlmError && err.status === 400 && /x-model/.test(err.message));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Name, Plugin, Priority, Schema, Version } from '../../../plugins/ai-proxy-js';
import { kongSchemaFields } from '../../../src/llm/config/kong-schema';
import { OPENAI_CHAT } from '../../helpers/config';
import { fakePdk, runPhase } from '../../helpers/fake-pdk';
import { readFixture } from '../../helpers/paths';

const chatBody = JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }] });

describe('ai-proxy-js plugin module', () => {
  it('exports what a Kong plugin server loads', () => {
    assert.equal(Name, 'ai-proxy-js');
    assert.equal(Priority, 770);
    assert.match(Version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(Schema, kongSchemaFields());
    assert.equal(typeof Plugin.prototype.access, 'function');
    assert.equal(typeof Plugin.prototype.response, 'function');
  });
});

describe('ai-proxy-js plugin phases', () => {
  it('translates a chat request in 14 PDK calls or fewer, statistics included', async () => {
    const conf = { ...OPENAI_CHAT, model_name_header: true, logging: { log_statistics: true, log_payloads: false } };
    const plugin = new Plugin(conf);
    const upstream = { status: 200, headers: { 'content-type': 'application/json' }, body: readFixture('pipeline', 'openai-chat.response.json') };
    const pdk = fakePdk({ body: chatBody, upstream });
    assert.equal(await runPhase(plugin.access(pdk.kong)), undefined, 'access lets the request through');
    const accessCalls = pdk.calls.map((c) => c.method);
    assert.deepEqual(accessCalls, [
      'kong.request.get_headers',
      'kong.request.get_raw_body',
      'kong.service.set_target',
      'kong.service.request.set_scheme',
      'kong.service.request.set_path',
      'kong.service.request.set_headers',
      'kong.service.request.set_raw_body',
      'kong.ctx.shared.set',
    ]);
    assert.deepEqual(pdk.calls[2]!.args, ['api.openai.com', 443]);
    const exit = await runPhase(plugin.response(pdk.kong));
    assert.ok(exit);
    assert.equal(exit.status, 200);
    assert.equal(exit.headers?.['x-kong-llm-model'], 'openai/gpt-4o');
    assert.equal(JSON.parse(exit.body ?? '').choices[0].message.content, 'Hello there, friend');
    assert.ok(pdk.calls.length <= 14, `${pdk.calls.length} PDK calls`);
    const analytics = pdk.serialized.get('ai.proxy') as { usage: { total_tokens: number } };
    assert.equal(analytics.usage.total_tokens, 1500);
  });

  it('answers a bad request in access with Kong error shape, logged once', async () => {
    const plugin = new Plugin(OPENAI_CHAT);
    const pdk = fakePdk({ body: '{"messages": [' });
    const exit = await runPhase(plugin.access(pdk.kong));
    assert.ok(exit);
    assert.equal(exit.status, 400);
    assert.deepEqual(JSON.parse(exit.body ?? ''), { error: { message: 'content-type header does not match request body, or bad JSON formatting' } });
    assert.equal(pdk.calls.filter((c) => c.method.startsWith('kong.log.')).length, 1);
    assert.equal(pdk.shared.size, 0);
  });

  it('leaves the response alone when access did not prepare one', async () => {
    const plugin = new Plugin(OPENAI_CHAT);
    const pdk = fakePdk({});
    assert.equal(await runPhase(plugin.response(pdk.kong)), undefined);
    assert.deepEqual(pdk.calls.map((c) => c.method), ['kong.ctx.shared.get']);
  });

  it('answers 500 naming the field when the config breaks a cross-field rule', async () => {
    const plugin = new Plugin({ route_type: 'llm/v1/chat', model: { provider: 'azure', name: 'gpt-4o' } });
    const pdk = fakePdk({ body: chatBody });
    const exit = await runPhase(plugin.access(pdk.kong));
    assert.equal(exit?.status, 500);
    assert.match(JSON.parse(exit?.body ?? '').error.message, /config\.model\.options\.azure_instance/);
  });

  it('reads the query and URI captures only when the config needs them', async () => {
    const conf = { ...OPENAI_CHAT, model: { provider: 'openai', name: '$(uri_captures.model)' } };
    const pdk = fakePdk({ body: chatBody, captures: { model: 'gpt-4.1' } });
    await runPhase(new Plugin(conf).access(pdk.kong));
    const methods = pdk.calls.map((c) => c.method);
    assert.ok(methods.includes('kong.request.get_uri_captures'));
    assert.ok(!methods.includes('kong.request.get_query'));
    const body = JSON.parse(String(pdk.calls.find((c) => c.method === 'kong.service.request.set_raw_body')?.args[0]));
    assert.equal(body.model, 'gpt-4.1');
  });

  it('clears an upstream Content-Encoding it decoded', async () => {
    const { gzipSync } = await import('node:zlib');
    const plugin = new Plugin(OPENAI_CHAT);
    const upstream = { status: 200, headers: { 'content-encoding': 'gzip' }, body: gzipSync(readFixture('pipeline', 'openai-chat.response.json')) };
    const pdk = fakePdk({ body: chatBody, upstream });
    await runPhase(plugin.access(pdk.kong));
    const exit = await runPhase(plugin.response(pdk.kong));
    assert.equal(exit?.status, 200);
    assert.ok(pdk.calls.some((c) => c.method === 'kong.response.clear_header' && c.args[0] === 'content-encoding'));
  });
});

describe('ai-proxy-js instance config from Kong', () => {
  it('ignores the scope and bookkeeping keys Kong adds, and keeps the plugin id', async () => {
    const plugin = new Plugin({
      ...OPENAI_CHAT,
      logging: { log_statistics: true, log_payloads: false },
      route_id: 'r-1', service_id: 's-1', consumer_id: null, plugin_instance_name: 'chat', __plugin_id: 'plugin-uuid', __key__: 'plugins:ai-proxy-js:r-1:s-1::', __seq__: 3,
    });
    const upstream = { status: 200, headers: { 'content-type': 'application/json' }, body: readFixture('pipeline', 'openai-chat.response.json') };
    const pdk = fakePdk({ body: chatBody, upstream });
    assert.equal(await runPhase(plugin.access(pdk.kong)), undefined);
    assert.equal((await runPhase(plugin.response(pdk.kong)))?.status, 200);
    assert.equal((pdk.serialized.get('ai.proxy') as { meta: { plugin_id: string } }).meta.plugin_id, 'plugin-uuid');
  });
});

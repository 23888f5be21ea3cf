/**
 * Hostile transport around the body: odd content types, bytes that are not UTF-8, repeated
 * headers, and templated model configs filled from junk headers, query args and URI captures.
 * `prepareUpstreamRequest` must succeed or refuse with an LlmError 400/413 and a message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmError } from '../../../src/llm/errors';
import { prepareUpstreamRequest, type ClientRequest } from '../../../src/llm/pipeline/access';
import type { HeaderMap, QueryArgs } from '../../../src/llm/pipeline/client-request';
import type { PluginConfig } from '../../../src/llm/types';
import { pluginConfig } from '../../helpers/config';
import { seededRandom } from '../../helpers/drivers';
import { pick, type Rng } from './hostile-values';

const CASES = 600;

const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=latin1',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
  ';;;',
  'application/jsonp',
] as const;

const ODD_VALUES = ['', ' ', 'gpt-4o', '../../etc/passwd', '$(headers.x-model)', '%00', 'a'.repeat(5000), '🦙', 'a b', 'a/b?c#d', '\r\nx-injected: 1'] as const;

function rawBody(rng: Rng): Uint8Array | string | null | undefined {
  switch (Math.floor(rng() * 7)) {
    case 0:
      return pick(rng, [null, undefined, '', new Uint8Array(0)]);
    case 1:
      return Uint8Array.from({ length: 1 + Math.floor(rng() * 64) }, () => Math.floor(rng() * 256));
    case 2:
      // Valid JSON around bytes that are not UTF-8.
      return Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}],"prompt":"x","input":"y"}')]);
    case 3:
      return pick(rng, ['messages=hello', 'prompt=hi&max_tokens=abc', 'input=a&input=b', 'messages[0][role]=user', 'stream=true&prompt=x', '%zz=1', '=&&=']);
    case 4:
      return '\ufeff{"prompt":"x"}';
    case 5:
      return JSON.stringify({ ...pick(rng, [{ prompt: 'x' }, { messages: [{ role: 'user', content: 'x' }] }, { input: 'x' }]), ...(rng() < 0.5 ? { model: pick(rng, ['claude-3-5-haiku', 'gpt-4o', '']) } : {}) });
    case 6:
      return `{"prompt":"${'x'.repeat(Math.floor(rng() * 300_000))}"}`;
    default:
      throw new Error('raw body kind out of range');
  }
}

function headers(rng: Rng): HeaderMap {
  const out: HeaderMap = {};
  const contentType = pick(rng, CONTENT_TYPES);
  if (contentType !== undefined) out['content-type'] = rng() < 0.2 ? [contentType, 'text/plain'] : contentType;
  if (rng() < 0.5) out['x-model'] = rng() < 0.3 ? [pick(rng, ODD_VALUES), pick(rng, ODD_VALUES)] : pick(rng, ODD_VALUES);
  if (rng() < 0.3) out.authorization = pick(rng, ['Bearer client', '', 'Basic Zm9v']);
  if (rng() < 0.3) out['api-key'] = ['a', 'b'];
  return out;
}

function query(rng: Rng): QueryArgs {
  const out: QueryArgs = {};
  if (rng() < 0.6) out.model = pick<string | boolean | (string | boolean)[]>(rng, [true, false, '', 'gpt-4o', ['a', true], [], ...ODD_VALUES]);
  if (rng() < 0.3) out['api-version'] = pick<string | boolean>(rng, [true, '2024-10-21', '']);
  return out;
}

const CONFIGS: PluginConfig[] = [
  pluginConfig({ route_type: 'llm/v1/chat', model: { provider: 'openai', name: '$(headers.x-model)' }, max_request_body_size: 200_000 }),
  pluginConfig({ route_type: 'llm/v1/completions', model: { provider: 'openai', name: '$(query_params.model)' } , max_request_body_size: 0 }),
  pluginConfig({ route_type: 'llm/v1/chat', model: { provider: 'azure', name: 'gpt-4o', options: { azure_instance: '$(headers.x-model)', azure_deployment_id: '$(uri_captures.deployment)' } } }),
  pluginConfig({ route_type: 'llm/v1/embeddings', model: { provider: 'llama2', name: 'm', options: { llama2_format: 'ollama', upstream_url: 'http://ollama.internal:11434/$(uri_captures.deployment)' } }, max_request_body_size: 0 }),
  pluginConfig({ route_type: 'llm/v1/chat', model: { provider: 'anthropic', options: { anthropic_version: '2023-06-01', max_tokens: 32 } }, auth: { param_name: 'key', param_value: 'secret-q', param_location: 'query' } }),
  pluginConfig({ route_type: 'llm/v1/completions', model: { provider: 'cohere', name: 'command' }, auth: { param_name: 'key', param_value: 'secret-b', param_location: 'body' }, response_streaming: 'deny' }),
];

function client(rng: Rng): ClientRequest {
  const captures: Record<string, string> = {};
  if (rng() < 0.6) captures.deployment = pick(rng, ODD_VALUES);
  return { headers: headers(rng), rawBody: rawBody(rng), query: query(rng), uriCaptures: captures };
}

describe('hostile transport never escapes as anything but a 400/413 LlmError', () => {
  for (const [index, conf] of CONFIGS.entries()) {
    it(`${conf.model.provider} ${conf.route_type} (${conf.model.name ?? 'model from the request'})`, async () => {
      const failures: string[] = [];
      let translated = 0;
      for (let n = 0; n < CASES && failures.length < 3; n++) {
        const seed = 50_000 + 1000 * index + n;
        const request = client(seededRandom(seed));
        try {
          const upstream = await prepareUpstreamRequest(conf, request);
          JSON.parse(upstream.body);
          assert.ok(!/[\r\n]/.test(upstream.host + upstream.path + (upstream.rawQuery ?? '')), `line break reached the target: ${upstream.host}${upstream.path}`);
          translated++;
        } catch (err) {
          const ok = err instanceof LlmError && (err.status === 400 || err.status === 413) && err.message.trim() !== '';
          if (!ok) failures.push(`seed ${seed}: ${err instanceof Error ? `${err.name} ${err instanceof LlmError ? err.status : ''}: ${err.message}\n${err.stack ?? ''}` : String(err)}`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(translated > 0, 'no hostile request got through: the generator no longer reaches the driver');
    });
  }
});

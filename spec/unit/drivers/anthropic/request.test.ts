import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicDriver } from '../../../../src/llm/drivers/anthropic';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, OpenAIRequest } from '../../../../src/llm/types';
import { assertRequestGolden, driverContext } from '../../../helpers/drivers';

const OPTIONS = { anthropic_version: '2023-06-01' };

const CASES: { name: string; routeType: LlmRouteType; model: string; stream?: boolean }[] = [
  { name: 'chat-system', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'chat-multi-turn', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5', stream: true },
  { name: 'chat-images', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'chat-tools', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'chat-structured', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'complete-prompt', routeType: 'llm/v1/completions', model: 'claude-2.1' },
  { name: 'complete-messages', routeType: 'llm/v1/completions', model: 'claude-2.1' },
];

function translate(req: unknown, routeType: LlmRouteType = 'llm/v1/chat', model = 'claude-sonnet-4-5') {
  const ctx = driverContext('anthropic', routeType, { name: model, options: OPTIONS });
  return anthropicDriver.toUpstream(req as OpenAIRequest, ctx);
}

function rejects(req: unknown, message: RegExp, routeType: LlmRouteType = 'llm/v1/chat'): void {
  assert.throws(
    () => translate(req, routeType),
    (err: unknown) => err instanceof LlmError && err.status === 400 && message.test(err.message),
  );
}

describe('anthropic request mapping (golden fixtures)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const ctx = driverContext('anthropic', c.routeType, { name: c.model, options: OPTIONS, stream: c.stream ?? false });
      const out = assertRequestGolden(anthropicDriver, ctx, 'anthropic', c.name);
      assert.deepEqual(out.headers, { 'anthropic-version': '2023-06-01' });
    });
  }
});

describe('anthropic request mapping (rules)', () => {
  it('sends the default max_tokens only when neither the request nor the config set one', () => {
    const body = translate({ messages: [{ role: 'user', content: 'hi' }] }).body as Record<string, unknown>;
    assert.equal(body.max_tokens, 4096);
    const capped = translate({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 7 }).body as Record<string, unknown>;
    assert.equal(capped.max_tokens, 7);
  });

  it('rejects a non-positive max_tokens', () => {
    rejects({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 0 }, /max_tokens/);
  });

  it('merges consecutive same-role messages and drops empty ones', () => {
    const body = translate({
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: '' },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
      ],
    }).body as Record<string, unknown>;
    assert.deepEqual(body.messages, [{ role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] }]);
  });

  it('maps tool_choice strings and leaves auto alone unless parallel calls are off', () => {
    const base = { messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f' } }] };
    const choice = (extra: object) => (translate({ ...base, ...extra }).body as Record<string, unknown>).tool_choice;
    assert.deepEqual(choice({ tool_choice: 'required' }), { type: 'any' });
    assert.deepEqual(choice({ tool_choice: 'auto' }), { type: 'auto' });
    assert.deepEqual(choice({ tool_choice: 'none', parallel_tool_calls: false }), { type: 'none' });
    assert.deepEqual(choice({ parallel_tool_calls: false }), { type: 'auto', disable_parallel_tool_use: true });
    assert.equal(choice({}), undefined);
  });

  it('answers 400 for what Anthropic cannot take', () => {
    rejects({}, /request is missing \.messages command/);
    rejects({ messages: [{ role: 'function', content: 'x' }] }, /role 'function' is not supported/);
    rejects({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] }, /content part type 'input_audio'/);
    rejects({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] }, /base64 data URL or an http\(s\) URL/);
    rejects({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png,abc' } }] }] }, /base64-encoded/);
    rejects({ messages: [{ role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] }, /JSON object/);
    rejects({ messages: [{ role: 'tool', content: 'x' }] }, /tool_call_id/);
    rejects({ messages: [{ role: 'user', content: 'x' }], tool_choice: 'sometimes' }, /invalid tool_choice/);
    rejects({ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'retrieval' }] }, /only 'function'/);
    rejects({ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'kong_inc_to_structured_output' } }] }, /is reserved/);
    rejects({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'n' } } }, /json_schema\.schema/);
    rejects({ prompt: ['a', 'b'] }, /one prompt per request/, 'llm/v1/completions');
    rejects({}, /missing \.prompt and \.messages/, 'llm/v1/completions');
  });

  it('refuses the route types Anthropic does not serve', () => {
    assert.throws(() => translate({ input: 'x' }, 'llm/v1/embeddings'), (err: unknown) => err instanceof LlmError && err.status === 400);
  });

  it('sends no anthropic-version header when the config has none', () => {
    const ctx = driverContext('anthropic', 'llm/v1/chat', { name: 'claude-sonnet-4-5' });
    assert.deepEqual(anthropicDriver.toUpstream({ messages: [{ role: 'user', content: 'hi' }] }, ctx).headers, {});
  });
});

describe('anthropic upstream', () => {
  it('posts chat to /v1/messages and completions to /v1/complete', () => {
    const chat = anthropicDriver.upstream(driverContext('anthropic', 'llm/v1/chat', { name: 'm', options: OPTIONS }));
    assert.equal(chat.method, 'POST');
    assert.equal(chat.url.toString(), 'https://api.anthropic.com/v1/messages');
    const complete = anthropicDriver.upstream(driverContext('anthropic', 'llm/v1/completions', { name: 'm', options: OPTIONS }));
    assert.equal(complete.url.toString(), 'https://api.anthropic.com/v1/complete');
  });

  it('honours upstream_url and upstream_path', () => {
    const url = anthropicDriver.upstream(driverContext('anthropic', 'llm/v1/chat', { name: 'm', options: { ...OPTIONS, upstream_url: 'http://127.0.0.1:9000/anthropic/v1/messages' } })).url;
    assert.equal(url.toString(), 'http://127.0.0.1:9000/anthropic/v1/messages');
    const path = anthropicDriver.upstream(driverContext('anthropic', 'llm/v1/chat', { name: 'm', options: { ...OPTIONS, upstream_path: 'proxy/v1/messages' } })).url;
    assert.equal(path.toString(), 'https://api.anthropic.com/proxy/v1/messages');
  });
});

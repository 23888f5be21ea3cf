import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { geminiDriver } from '../../../../src/llm/drivers/gemini';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, OpenAIRequest } from '../../../../src/llm/types';
import { assertRequestGolden, driverContext } from '../../../helpers/drivers';

const CASES: { name: string; routeType: LlmRouteType; model: string }[] = [
  { name: 'chat-system', routeType: 'llm/v1/chat', model: 'gemini-2.0-flash' },
  { name: 'chat-tool-round-trip', routeType: 'llm/v1/chat', model: 'gemini-2.0-flash' },
  { name: 'chat-images', routeType: 'llm/v1/chat', model: 'gemini-2.0-flash' },
  { name: 'chat-forced-tool', routeType: 'llm/v1/chat', model: 'gemini-2.0-flash' },
  { name: 'chat-structured', routeType: 'llm/v1/chat', model: 'gemini-2.0-flash' },
  { name: 'embeddings', routeType: 'llm/v1/embeddings', model: 'text-embedding-004' },
];

function translate(req: unknown, model = 'gemini-2.0-flash', routeType: LlmRouteType = 'llm/v1/chat') {
  return geminiDriver.toUpstream(req as OpenAIRequest, driverContext('gemini', routeType, { name: model }));
}

function rejects(req: unknown, message: RegExp, routeType: LlmRouteType = 'llm/v1/chat'): void {
  assert.throws(
    () => translate(req, 'gemini-2.0-flash', routeType),
    (err: unknown) => err instanceof LlmError && err.status === 400 && message.test(err.message),
  );
}

const HI = [{ role: 'user', content: 'hi' }];

describe('gemini request mapping (golden fixtures)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const out = assertRequestGolden(geminiDriver, driverContext('gemini', c.routeType, { name: c.model }), 'gemini', c.name);
      assert.equal(out.headers, undefined);
    });
  }
});

describe('gemini request mapping (rules)', () => {
  it('sends no generationConfig when nothing is set, and max_tokens when it is the only limit', () => {
    assert.equal((translate({ messages: HI }).body as Record<string, unknown>).generationConfig, undefined);
    const body = translate({ messages: HI, max_tokens: 9, response_format: { type: 'json_object' } }).body as Record<string, unknown>;
    assert.deepEqual(body.generationConfig, { maxOutputTokens: 9, responseMimeType: 'application/json' });
  });

  it('refuses a tool result that answers no earlier call (Gemini needs the function name)', () => {
    rejects({ messages: [...HI, { role: 'tool', tool_call_id: 'call_x', content: 'r' }] }, /call_x.*does not answer/);
  });

  it('refuses unknown roles, content parts, tool types, tool choices and response formats', () => {
    rejects({ messages: [{ role: 'function', content: 'x' }] }, /role 'function' is not supported by gemini/);
    rejects({ messages: [{ role: 'user', content: [{ type: 'input_audio' }] }] }, /input_audio/);
    rejects({ messages: HI, tools: [{ type: 'web_search' }] }, /only 'function'/);
    rejects({ messages: HI, tool_choice: 'sometimes' }, /invalid tool_choice 'sometimes'/);
    rejects({ messages: HI, response_format: { type: 'yaml' } }, /response_format/);
    rejects({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] }, /image_url\.url/);
    rejects({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png,raw' } }] }] }, /base64/);
    rejects({}, /missing \.messages/);
  });

  it('refuses token arrays and empty input for embeddings', () => {
    rejects({ input: [[1, 2]] }, /array of strings for gemini/, 'llm/v1/embeddings');
    rejects({ input: [] }, /array of strings for gemini/, 'llm/v1/embeddings');
  });

  it('refuses system prompts on gemini-1.0 models, as Kong does', () => {
    assert.throws(
      () => translate({ messages: [{ role: 'system', content: 's' }, ...HI] }, 'gemini-1.0-pro'),
      (err: unknown) => err instanceof LlmError && err.status === 400 && /gemini-1\.0/.test(err.message),
    );
    assert.doesNotThrow(() => translate({ messages: HI }, 'gemini-1.0-pro'));
  });

  it('refuses service-account auth with a 500 instead of sending the request unauthenticated', () => {
    const ctx = driverContext('gemini', 'llm/v1/chat', { name: 'gemini-2.0-flash' });
    ctx.conf.auth = { gcp_use_service_account: true, gcp_service_account_json: '{"type":"service_account"}' };
    assert.throws(
      () => geminiDriver.toUpstream({ messages: HI } as OpenAIRequest, ctx),
      (err: unknown) => err instanceof LlmError && err.status === 500 && /service-account auth/.test(err.message) && !/service_account"/.test(err.message),
    );
  });

  it('serves chat and embeddings only', () => {
    assert.deepEqual([...geminiDriver.routeTypes], ['llm/v1/chat', 'llm/v1/embeddings']);
    assert.throws(() => translate({ prompt: 'x' }, 'gemini-2.0-flash', 'llm/v1/completions'), (err: unknown) => err instanceof LlmError && err.status === 400);
  });
});

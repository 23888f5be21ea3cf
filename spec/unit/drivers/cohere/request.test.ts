import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cohereDriver } from '../../../../src/llm/drivers/cohere';
import { LlmError } from '../../../../src/llm/errors';
import type { LlmRouteType, ModelOptions, OpenAIRequest } from '../../../../src/llm/types';
import { assertRequestGolden, driverContext } from '../../../helpers/drivers';

const V2_CHAT: ModelOptions = { upstream_path: '/v2/chat' };

const CASES: { name: string; routeType: LlmRouteType; model: string; options?: ModelOptions; stream?: boolean }[] = [
  { name: 'chat-v1-history', routeType: 'llm/v1/chat', model: 'command-r-plus-08-2024' },
  { name: 'chat-v1-tools', routeType: 'llm/v1/chat', model: 'command-r-plus-08-2024' },
  { name: 'chat-v2-tools', routeType: 'llm/v1/chat', model: 'command-a-03-2025', options: V2_CHAT, stream: true },
  { name: 'generate-prompt', routeType: 'llm/v1/completions', model: 'command' },
  { name: 'embed-v2', routeType: 'llm/v1/embeddings', model: 'embed-v4.0', options: { cohere: { embedding_input_type: 'search_document' } } },
  { name: 'embed-v1', routeType: 'llm/v1/embeddings', model: 'embed-english-v3.0', options: { upstream_path: '/v1/embed' } },
];

function translate(req: unknown, routeType: LlmRouteType = 'llm/v1/chat', options: ModelOptions = {}) {
  return cohereDriver.toUpstream(req as OpenAIRequest, driverContext('cohere', routeType, { name: 'command-a-03-2025', options }));
}

function rejects(req: unknown, message: RegExp, routeType: LlmRouteType = 'llm/v1/chat', options: ModelOptions = {}): void {
  assert.throws(
    () => translate(req, routeType, options),
    (err: unknown) => err instanceof LlmError && err.status === 400 && message.test(err.message),
  );
}

describe('cohere request mapping (golden fixtures)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const ctx = driverContext('cohere', c.routeType, { name: c.model, options: c.options ?? {}, stream: c.stream ?? false });
      const out = assertRequestGolden(cohereDriver, ctx, 'cohere', c.name);
      assert.equal(out.headers, undefined);
    });
  }
});

describe('cohere request mapping (rules)', () => {
  it('sends a single user message without chat_history or preamble on v1', () => {
    assert.deepEqual(translate({ messages: [{ role: 'user', content: 'hi' }] }).body, { model: 'command-a-03-2025', message: 'hi', stream: false });
  });

  it('keeps the user message as message when tools are offered on v1, and names one tool by offering only it', () => {
    const tools = [{ type: 'function', function: { name: 'f' } }, { type: 'function', function: { name: 'g' } }];
    const body = translate({ messages: [{ role: 'user', content: 'hi' }], tools, tool_choice: { type: 'function', function: { name: 'g' } } }).body;
    assert.deepEqual(body, {
      model: 'command-a-03-2025',
      message: 'hi',
      stream: false,
      tools: [{ name: 'g', parameter_definitions: {} }],
      tool_choice: 'REQUIRED',
    });
  });

  it('maps tool_choice on v2: required, none, auto', () => {
    const base = { messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f' } }] };
    const body = (extra: object) => translate({ ...base, ...extra }, 'llm/v1/chat', V2_CHAT).body as Record<string, unknown>;
    assert.equal(body({ tool_choice: 'required' }).tool_choice, 'REQUIRED');
    assert.equal(body({ tool_choice: 'none' }).tool_choice, 'NONE');
    assert.equal(body({ tool_choice: 'auto' }).tool_choice, undefined);
    assert.deepEqual(body({}).tools, [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }]);
  });

  it('answers 400 for what Cohere cannot take', () => {
    const tools = [{ type: 'function', function: { name: 'f' } }];
    rejects({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yo' }] }, /last message must be the user's or a tool result/);
    rejects({ messages: [{ role: 'user', content: 'hi' }, { role: 'tool', tool_call_id: 'nope', content: '1' }] }, /'nope' answers no tool call/);
    rejects({ messages: [{ role: 'user', content: 'x' }], tools, tool_choice: { type: 'function', function: { name: 'g' } } }, /'g', which is not in 'tools'/);
    rejects({ messages: [] }, /non-empty array/);
    rejects({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] }, /only text parts/);
    rejects({ messages: [{ role: 'user', content: 'x' }], tools, tool_choice: { type: 'function', function: { name: 'g' } } }, /'g', which is not in 'tools'/, 'llm/v1/chat', V2_CHAT);
    rejects({ messages: [{ role: 'tool', content: 'x' }] }, /tool_call_id/, 'llm/v1/chat', V2_CHAT);
    rejects({ messages: [{ role: 'function', content: 'x' }] }, /role 'function' is not supported/, 'llm/v1/chat', V2_CHAT);
    rejects({ messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }, /'temperature' must be a number/);
    rejects({ prompt: 'x', messages: [] }, /'prompt' and a history of 'messages'/, 'llm/v1/completions');
    rejects({}, /missing \.prompt/, 'llm/v1/completions');
    rejects({ input: [[1, 2, 3]] }, /token arrays are not supported/, 'llm/v1/embeddings');
    rejects({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'xml' } }, /response_format type 'xml'/);
    rejects({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'n' } } }, /json_schema\.schema/, 'llm/v1/chat', V2_CHAT);
  });

  it('takes only named function tools, in both chat versions', () => {
    const ask = (tools: unknown[]) => ({ messages: [{ role: 'user', content: 'x' }], tools });
    for (const options of [{}, V2_CHAT]) {
      rejects(ask([{ type: 'retrieval' }]), /^tools\[0\]\.type must be 'function'$/, 'llm/v1/chat', options);
      rejects(ask([{ type: 'function', function: { name: 'f' } }, { type: 'function', function: {} }]), /^tools\[1\]\.function\.name must be a string$/, 'llm/v1/chat', options);
      rejects(ask([{ type: 'function', function: { name: 'f', parameters: 'none' } }]), /^tools\[0\]\.function\.parameters must be an object$/, 'llm/v1/chat', options);
    }
  });

  it('sends v1 JSON schemas as schema and drops a text response_format', () => {
    const schema = { type: 'object' };
    const v1 = translate({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'n', schema } } }).body;
    assert.deepEqual((v1 as Record<string, unknown>).response_format, { type: 'json_object', schema });
    const text = translate({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'text' } }, 'llm/v1/chat', V2_CHAT).body;
    assert.equal((text as Record<string, unknown>).response_format, undefined);
  });

  it('sends image inputs as images when the configured input type is image', () => {
    const body = translate({ input: ['data:image/png;base64,AAAA'] }, 'llm/v1/embeddings', { cohere: { embedding_input_type: 'image' } }).body;
    assert.deepEqual(body, { model: 'command-a-03-2025', images: ['data:image/png;base64,AAAA'], input_type: 'image', embedding_types: ['float'] });
  });

  it('takes the output dimension from the config when the request has none', () => {
    const body = translate({ input: 'x' }, 'llm/v1/embeddings', { embeddings_dimensions: 512 }).body as Record<string, unknown>;
    assert.equal(body.output_dimension, 512);
  });
});

describe('cohere upstream', () => {
  const url = (routeType: LlmRouteType, options: ModelOptions = {}) => cohereDriver.upstream(driverContext('cohere', routeType, { name: 'm', options })).url.toString();

  it('uses Kong paths: /v1/chat, /v1/generate, /v2/embed', () => {
    assert.equal(url('llm/v1/chat'), 'https://api.cohere.com/v1/chat');
    assert.equal(url('llm/v1/completions'), 'https://api.cohere.com/v1/generate');
    assert.equal(url('llm/v1/embeddings'), 'https://api.cohere.com/v2/embed');
  });

  it('frames v1 streams as JSON lines and v2 chat streams as SSE, by path', () => {
    const framing = (options: ModelOptions) => cohereDriver.streamFraming(driverContext('cohere', 'llm/v1/chat', { name: 'm', options }));
    assert.equal(framing({}), 'ndjson');
    assert.equal(framing(V2_CHAT), 'sse');
    assert.equal(framing({ upstream_url: 'http://127.0.0.1:9000/cohere/v2/chat' }), 'sse');
  });
});

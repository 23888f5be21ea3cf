import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bedrockDriver } from '../../../../src/llm/drivers/bedrock';
import { LlmError } from '../../../../src/llm/errors';
import type { OpenAIRequest } from '../../../../src/llm/types';
import { assertRequestGolden, driverContext } from '../../../helpers/drivers';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const ctx = (options = {}, stream = false) => driverContext('bedrock', 'llm/v1/chat', { name: MODEL, options: { bedrock: { aws_region: 'eu-west-3' }, ...options }, stream });

function refuses(req: unknown, status: number, message: RegExp, options = {}): void {
  assert.throws(() => bedrockDriver.toUpstream(req as OpenAIRequest, ctx(options)), (err: unknown) => err instanceof LlmError && err.status === status && message.test(err.message));
}

describe('bedrock request: Converse bodies', () => {
  it('system/developer → system, turns → messages, sampling → inferenceConfig, top_k → additionalModelRequestFields', () => {
    assertRequestGolden(bedrockDriver, ctx(), 'bedrock', 'chat-basic');
  });

  it('tools → toolConfig (required → any), tool calls → toolUse, tool answers → one user turn of toolResult', () => {
    assertRequestGolden(bedrockDriver, ctx(), 'bedrock', 'chat-tools');
  });

  it('a data URL image → an image block with format and base64 bytes', () => {
    assertRequestGolden(bedrockDriver, ctx(), 'bedrock', 'chat-image');
  });

  it('tool_choice: auto, a named function, and none (tools not sent)', () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }];
    const messages = [{ role: 'user', content: 'hi' }];
    const body = (tool_choice: unknown) => bedrockDriver.toUpstream({ messages, tools, tool_choice } as OpenAIRequest, ctx()).body as Record<string, unknown>;
    assert.deepEqual((body('auto').toolConfig as Record<string, unknown>).toolChoice, { auto: {} });
    assert.deepEqual((body({ type: 'function', function: { name: 'f' } }).toolConfig as Record<string, unknown>).toolChoice, { tool: { name: 'f' } });
    assert.equal(body('none').toolConfig, undefined);
  });

  it('performanceConfig.latency comes from options.bedrock.performance_config_latency', () => {
    const c = driverContext('bedrock', 'llm/v1/chat', { name: MODEL, options: { bedrock: { aws_region: 'us-east-1', performance_config_latency: 'optimized' } } });
    const body = bedrockDriver.toUpstream({ messages: [{ role: 'user', content: 'hi' }] } as OpenAIRequest, c).body as Record<string, unknown>;
    assert.deepEqual(body.performanceConfig, { latency: 'optimized' });
  });

  it('refuses image URLs that are not data URLs, unknown roles and bad tool-call arguments with a 400', () => {
    refuses({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }, 400, /base64 data URLs/);
    refuses({ messages: [{ role: 'wizard', content: 'hi' }] }, 400, /role 'wizard'/);
    refuses({ messages: [{ role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{oops' } }] }] }, 400, /not JSON format/);
  });

  it('refuses STS assume-role clearly (500), no silent fallback', () => {
    const c = driverContext('bedrock', 'llm/v1/chat', { name: MODEL, options: { bedrock: { aws_region: 'us-east-1', aws_assume_role_arn: 'arn:aws:iam::123456789012:role/r' } } });
    assert.throws(
      () => bedrockDriver.toUpstream({ messages: [{ role: 'user', content: 'hi' }] } as OpenAIRequest, c),
      (err: unknown) => err instanceof LlmError && err.status === 500 && /assume-role.*not supported/.test(err.message),
    );
  });
});

describe('bedrock upstream URL', () => {
  it('regional Bedrock Runtime host, percent-encoded model id, converse or converse-stream', () => {
    assert.equal(bedrockDriver.upstream(ctx()).url.href, 'https://bedrock-runtime.eu-west-3.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse');
    assert.equal(bedrockDriver.upstream(ctx({}, true)).url.pathname, '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream');
  });

  it('honours upstream_url', () => {
    assert.equal(bedrockDriver.upstream(ctx({ upstream_url: 'http://127.0.0.1:9/model/x/converse' })).url.href, 'http://127.0.0.1:9/model/x/converse');
    assert.equal(bedrockDriver.upstream(ctx({ upstream_url: 'http://127.0.0.1:9/model/x/converse' }, true)).url.href, 'http://127.0.0.1:9/model/x/converse-stream', 'a stream goes to the -stream twin');
    assert.equal(bedrockDriver.upstream(ctx({ upstream_url: 'http://127.0.0.1:9/custom/path' }, true)).url.href, 'http://127.0.0.1:9/custom/path', 'any other path is used as it is');
  });

  it('serves chat only: other route types are a 400', () => {
    assert.throws(() => bedrockDriver.upstream(driverContext('bedrock', 'llm/v1/embeddings', { name: MODEL, options: { bedrock: { aws_region: 'us-east-1' } } })), (err: unknown) => err instanceof LlmError && err.status === 400);
  });
});

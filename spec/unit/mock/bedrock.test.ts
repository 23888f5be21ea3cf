import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KEY, at, awsEvents, call, requestFixture, startMockLlm, type MockLlm } from './helpers';

/** A SigV4 header as the AWS SDK writes it; the mock checks only the access key id. */
function sigv4(accessKeyId: string): Record<string, string> {
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20240101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd`,
    'x-amz-date': '20240101T000000Z',
  };
}

const MODEL = encodeURIComponent('anthropic.claude-3-sonnet-20240229-v1:0');

describe('mock Bedrock', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('answers converse with output message, stopReason and usage', async () => {
    const res = await call(mock, `/model/${MODEL}/converse`, { body: requestFixture('bedrock', 'converse.json'), headers: sigv4(KEY) });
    assert.equal(res.status, 200);
    const body = res.json();
    assert.deepEqual(at(body, 'output', 'message'), { role: 'assistant', content: [{ text: 'Echo: Hello there Bedrock' }] });
    assert.equal(at(body, 'stopReason'), 'end_turn');
    // "Be brief." 2 + "Hello there Bedrock" 3; answer 4.
    assert.deepEqual(at(body, 'usage'), { inputTokens: 5, outputTokens: 4, totalTokens: 9 });
  });

  it('answers toolUse, then text after a toolResult; max_tokens cuts', async () => {
    const tool = (await call(mock, `/model/${MODEL}/converse`, { body: requestFixture('bedrock', 'converse-tools.json'), headers: sigv4(KEY) })).json();
    assert.equal(at(tool, 'stopReason'), 'tool_use');
    assert.equal(at(tool, 'output', 'message', 'content', 0, 'toolUse', 'name'), 'get_weather');
    assert.deepEqual(at(tool, 'output', 'message', 'content', 0, 'toolUse', 'input'), { location: 'What is the weather in Paris?', unit: 'celsius', days: 6 });
    const result = (await call(mock, `/model/${MODEL}/converse`, { body: requestFixture('bedrock', 'converse-tool-result.json'), headers: sigv4(KEY) })).json();
    assert.equal(at(result, 'output', 'message', 'content', 0, 'text'), 'Tool said: {"forecast":"sunny"}');
    const cut = { ...requestFixture('bedrock', 'converse.json'), inferenceConfig: { maxTokens: 2 } };
    assert.equal(at((await call(mock, `/model/${MODEL}/converse`, { body: cut, headers: sigv4(KEY) })).json(), 'stopReason'), 'max_tokens');
  });

  it('streams converse-stream as AWS event stream messages', async () => {
    const res = await call(mock, `/model/${MODEL}/converse-stream`, { body: requestFixture('bedrock', 'converse.json'), headers: sigv4(KEY) });
    assert.equal(res.headers.get('content-type'), 'application/vnd.amazon.eventstream');
    const events = awsEvents(res.bytes);
    assert.deepEqual(
      events.map((e) => e.type),
      ['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'],
    );
    assert.ok(events.every((e) => e.messageType === 'event'));
    assert.deepEqual(events[0]?.payload, { role: 'assistant' });
    assert.equal(events.filter((e) => e.type === 'contentBlockDelta').map((e) => at(e.payload, 'delta', 'text')).join(''), 'Echo: Hello there Bedrock');
    assert.deepEqual(events.at(-2)?.payload, { stopReason: 'end_turn' });
    assert.deepEqual(at(events.at(-1)?.payload, 'usage'), { inputTokens: 5, outputTokens: 4, totalTokens: 9 });
  });

  it('streams tool use as contentBlockStart + toolUse input deltas', async () => {
    const res = await call(mock, `/model/${MODEL}/converse-stream`, { body: requestFixture('bedrock', 'converse-tools.json'), headers: sigv4(KEY) });
    const events = awsEvents(res.bytes);
    assert.equal(at(events[1]?.payload, 'start', 'toolUse', 'name'), 'get_weather');
    const input = events.filter((e) => e.type === 'contentBlockDelta').map((e) => at(e.payload, 'delta', 'toolUse', 'input')).join('');
    assert.equal(at(JSON.parse(input), 'location'), 'What is the weather in Paris?');
    assert.deepEqual(events.at(-2)?.payload, { stopReason: 'tool_use' });
  });

  it('answers Titan and Cohere embeddings on invoke', async () => {
    const titan = (await call(mock, '/model/amazon.titan-embed-text-v2:0/invoke', { body: { inputText: 'hi there', dimensions: 256 }, headers: sigv4(KEY) })).json();
    assert.equal((at(titan, 'embedding') as unknown[]).length, 256);
    assert.equal(at(titan, 'inputTextTokenCount'), 2);
    const cohere = (await call(mock, '/model/cohere.embed-english-v3/invoke', { body: { texts: ['a', 'b'], input_type: 'search_document' }, headers: sigv4(KEY) })).json();
    assert.equal((at(cohere, 'embeddings') as unknown[]).length, 2);
  });

  it('rejects a missing or foreign access key with 403 and x-amzn-ErrorType', async () => {
    const missing = await call(mock, `/model/${MODEL}/converse`, { body: requestFixture('bedrock', 'converse.json') });
    assert.equal(missing.status, 403);
    assert.deepEqual(missing.json(), { message: 'Missing Authentication Token' });
    assert.match(missing.headers.get('x-amzn-errortype') ?? '', /^MissingAuthenticationTokenException/);
    const wrong = await call(mock, `/model/${MODEL}/converse`, { body: requestFixture('bedrock', 'converse.json'), headers: sigv4('AKIAOTHER') });
    assert.equal(wrong.status, 403);
    assert.match(wrong.headers.get('x-amzn-errortype') ?? '', /^UnrecognizedClientException/);
    const invalid = await call(mock, `/model/${MODEL}/converse`, { body: {}, headers: sigv4(KEY) });
    assert.equal(invalid.status, 400);
    assert.match(invalid.headers.get('x-amzn-errortype') ?? '', /^ValidationException/);
  });
});

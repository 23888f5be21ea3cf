/**
 * Whole streams compared byte for byte with reviewed recordings (spec/fixtures/mock/<provider>/*.stream.*):
 * the mock's answers carry no clock values in these formats, so any change to a wire shape shows here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFixture } from '../../helpers/paths';
import { KEY, awsEvents, call, requestFixture, startMockLlm, type MockLlm } from './helpers';

describe('mock stream recordings', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  after(() => mock.close());

  it('Anthropic tool_use stream', async () => {
    const res = await call(mock, '/v1/messages', {
      body: { ...requestFixture('anthropic', 'messages-tools.json'), stream: true },
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
    });
    assert.equal(res.text, readFixture('mock', 'anthropic', 'messages-tools.stream.txt'));
  });

  it('Cohere v2 chat stream', async () => {
    const res = await call(mock, '/v2/chat', { body: { ...requestFixture('cohere', 'v2-chat.json'), stream: true }, headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(res.text, readFixture('mock', 'cohere', 'v2-chat.stream.txt'));
  });

  it('Gemini functionCall SSE stream (CRLF)', async () => {
    const res = await call(mock, '/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', {
      body: requestFixture('gemini', 'generate-tools.json'),
      headers: { 'x-goog-api-key': KEY },
    });
    assert.equal(res.text, readFixture('mock', 'gemini', 'generate-tools.stream.txt'));
  });

  it('Bedrock tool use converse-stream, decoded frame by frame', async () => {
    const res = await call(mock, '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream', {
      body: requestFixture('bedrock', 'converse-tools.json'),
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=${KEY}/20240101/us-east-1/bedrock/aws4_request, Signature=0` },
    });
    const expected = readFixture('mock', 'bedrock', 'converse-tools.stream.jsonl')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as unknown);
    assert.deepEqual(awsEvents(res.bytes), expected);
  });
});

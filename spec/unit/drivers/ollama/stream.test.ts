import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { llama2Driver } from '../../../../src/llm/drivers/llama2';
import { mistralDriver } from '../../../../src/llm/drivers/mistral';
import type { LlmRouteType } from '../../../../src/llm/types';
import { OPEN_MODELS_RESPONSE_ID, assertStreamGolden, driverContext, replayStream } from '../../../helpers/drivers';

const ctx = (routeType: LlmRouteType) =>
  driverContext('llama2', routeType, { name: 'llama3.2', options: { llama2_format: 'ollama', upstream_url: 'http://ollama.local:11434' }, stream: true, responseId: OPEN_MODELS_RESPONSE_ID });

describe('ollama format: NDJSON stream → OpenAI chunks, split anywhere', () => {
  it('is NDJSON-framed', () => {
    assert.equal(llama2Driver.streamFraming(ctx('llm/v1/chat')), 'ndjson');
    const mistral = driverContext('mistral', 'llm/v1/chat', { options: { mistral_format: 'ollama', upstream_url: 'http://m:11434' }, responseId: OPEN_MODELS_RESPONSE_ID });
    assert.equal(mistralDriver.streamFraming(mistral), 'ndjson');
  });

  it('maps a chat stream with multi-byte text, a CRLF line and the final counts (golden)', () => {
    assertStreamGolden(llama2Driver, ctx('llm/v1/chat'), 'ollama', 'chat');
  });

  it('maps tool calls streamed whole, indexed across lines, finishing with tool_calls (golden)', () => {
    assertStreamGolden(llama2Driver, ctx('llm/v1/chat'), 'ollama', 'chat-tools');
  });

  it('maps a generate stream whose last line has no newline (golden)', () => {
    assertStreamGolden(llama2Driver, ctx('llm/v1/completions'), 'ollama', 'generate');
  });

  it('reports an error line as a stream error (golden)', () => {
    assertStreamGolden(llama2Driver, ctx('llm/v1/chat'), 'ollama', 'error');
  });

  it('reports a line that is not JSON as malformed', () => {
    const out = replayStream(llama2Driver, ctx('llm/v1/chat'), new TextEncoder().encode('not json\n'));
    assert.deepEqual(out.errors, ['502 malformed event in the llama2 stream']);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicDriver } from '../../../../src/llm/drivers/anthropic';
import type { LlmRouteType } from '../../../../src/llm/types';
import { driverContext, itReplaysStreamGolden } from '../../../helpers/drivers';

const CASES: { name: string; routeType: LlmRouteType; model: string }[] = [
  { name: 'stream-text', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'stream-tool-use', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'stream-error', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'stream-structured', routeType: 'llm/v1/chat', model: 'claude-sonnet-4-5' },
  { name: 'complete-stream', routeType: 'llm/v1/completions', model: 'claude-2.1' },
];

describe('anthropic stream mapping (golden fixtures)', () => {
  for (const c of CASES) {
    itReplaysStreamGolden(anthropicDriver, () => driverContext('anthropic', c.routeType, { name: c.model, options: { anthropic_version: '2023-06-01' }, stream: true }), 'anthropic', c.name);
  }
});

describe('anthropic stream mapping (rules)', () => {
  const ctx = () => driverContext('anthropic', 'llm/v1/chat', { name: 'claude-sonnet-4-5', stream: true });

  it('reports a malformed event as a 502 error step', () => {
    const mapper = anthropicDriver.createStreamMapper(ctx());
    const step = mapper.map({ event: 'content_block_delta', data: '{"type":"content_block_delta",' });
    assert.equal(step.error?.status, 502);
    assert.deepEqual(step.chunks, []);
  });

  it('refuses argument fragments for a block that never opened a tool call', () => {
    const mapper = anthropicDriver.createStreamMapper(ctx());
    const step = mapper.map({ event: 'content_block_delta', data: '{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{"}}' });
    assert.match(step.error?.message ?? '', /outside a tool_use block/);
  });

  it('skips event types it does not know, and thinking blocks', () => {
    const mapper = anthropicDriver.createStreamMapper(ctx());
    assert.deepEqual(mapper.map({ event: 'brand_new_event', data: '{"type":"brand_new_event"}' }), { chunks: [] });
    assert.deepEqual(
      mapper.map({ event: 'content_block_start', data: '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}' }),
      { chunks: [] },
    );
    assert.deepEqual(
      mapper.map({ event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}' }),
      { chunks: [] },
    );
  });

  it('takes the event type from the data when the SSE event name is missing', () => {
    const mapper = anthropicDriver.createStreamMapper(ctx());
    assert.equal(mapper.map({ data: '{"type":"message_stop"}' }).done, true);
  });
});

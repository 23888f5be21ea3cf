import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cohereDriver } from '../../../../src/llm/drivers/cohere';
import type { LlmRouteType, ModelOptions } from '../../../../src/llm/types';
import { driverContext, itReplaysStreamGolden } from '../../../helpers/drivers';

const V2_CHAT: ModelOptions = { upstream_path: '/v2/chat' };

const CASES: { name: string; routeType: LlmRouteType; model: string; options?: ModelOptions }[] = [
  { name: 'chat-v1', routeType: 'llm/v1/chat', model: 'command-r-plus-08-2024' },
  { name: 'chat-v1-error', routeType: 'llm/v1/chat', model: 'command-r-plus-08-2024' },
  { name: 'chat-v1-tools', routeType: 'llm/v1/chat', model: 'command-r-plus-08-2024' },
  { name: 'generate', routeType: 'llm/v1/completions', model: 'command' },
  { name: 'chat-v2', routeType: 'llm/v1/chat', model: 'command-a-03-2025', options: V2_CHAT },
  { name: 'chat-v2-tools', routeType: 'llm/v1/chat', model: 'command-a-03-2025', options: V2_CHAT },
];

describe('cohere stream mapping (golden fixtures)', () => {
  for (const c of CASES) {
    itReplaysStreamGolden(cohereDriver, () => driverContext('cohere', c.routeType, { name: c.model, options: c.options ?? {}, stream: true }), 'cohere', c.name);
  }
});

describe('cohere stream mapping (rules)', () => {
  it('reports a malformed line as a 502 error step', () => {
    const mapper = cohereDriver.createStreamMapper(driverContext('cohere', 'llm/v1/chat', { name: 'command', stream: true }));
    const step = mapper.map({ data: '{"event_type":"text-generation",' });
    assert.equal(step.error?.status, 502);
  });

  it('reads generate lines without event_type by is_finished', () => {
    const mapper = cohereDriver.createStreamMapper(driverContext('cohere', 'llm/v1/completions', { name: 'command', stream: true }));
    assert.equal(mapper.map({ data: '{"text":" hi","is_finished":false}' }).chunks.length, 1);
    const end = mapper.map({ data: '{"is_finished":true,"finish_reason":"COMPLETE","response":{"generations":[]}}' });
    assert.equal(end.done, true);
    assert.equal(end.usage, undefined);
  });

  it('refuses argument fragments for a tool call that never started', () => {
    const mapper = cohereDriver.createStreamMapper(driverContext('cohere', 'llm/v1/chat', { name: 'command', options: V2_CHAT, stream: true }));
    const step = mapper.map({ event: 'tool-call-delta', data: '{"type":"tool-call-delta","index":4,"delta":{"message":{"tool_calls":{"function":{"arguments":"{"}}}}}' });
    assert.match(step.error?.message ?? '', /outside a tool call/);
  });
});

/** Focused regressions for the bugs the robustness generators found. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareUpstreamRequest } from '../../../src/llm/pipeline/access';
import { pluginConfig } from '../../helpers/config';

function upstreamBody(fields: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const upstream = prepareUpstreamRequest(pluginConfig(fields), { headers: {}, rawBody: JSON.stringify(body) });
  return JSON.parse(upstream.body) as Record<string, unknown>;
}

describe('robustness regressions: requests', () => {
  // `stop: null` passes the request schema (OpenAI allows it) and used to throw a TypeError in stopSequences.
  for (const model of [
    { provider: 'anthropic', name: 'claude-3-5-haiku-20241022', options: { anthropic_version: '2023-06-01', max_tokens: 64 } },
    { provider: 'cohere', name: 'command-r' },
  ]) {
    it(`${model.provider}: stop null on completions means no stop sequences`, () => {
      const body = upstreamBody({ route_type: 'llm/v1/completions', model }, { prompt: 'Once', stop: null });
      assert.equal(body.stop_sequences, undefined);
    });

    it(`${model.provider}: stop null on chat means no stop sequences`, () => {
      const body = upstreamBody({ route_type: 'llm/v1/chat', model }, { messages: [{ role: 'user', content: 'hi' }], stop: null });
      assert.equal(body.stop_sequences, undefined);
    });
  }
});

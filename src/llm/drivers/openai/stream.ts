import { LlmError } from '../../errors';
import type { StreamEvent } from '../../stream/events';
import { malformedEvent, parseEventObject } from '../shared/stream-events';
import type { DriverContext, StreamMapper, StreamStep } from '../types';
import type { OpenAIChunk } from '../../types';
import { openAIErrorMessage } from './response';

const TERMINATOR = '[DONE]';

/**
 * OpenAI's SSE stream is already the client's format: each `data:` JSON chunk passes through,
 * `[DONE]` ends it, and a chunk carrying `usage` (stream_options.include_usage) reports the counts.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function createOpenAIStreamMapper(ctx: DriverContext): StreamMapper {
  return {
    map(event: StreamEvent): StreamStep {
      if (event.data.trim() === TERMINATOR) return { chunks: [], done: true };
      const record = parseEventObject(event.data);
      if (!record) return { chunks: [], error: malformedEvent(ctx) };
      if (record.error !== undefined || event.event === 'error') {
        return { chunks: [], error: new LlmError(502, openAIErrorMessage(record) ?? `error event in the ${ctx.model.provider} stream`) };
      }
      const step: StreamStep = { chunks: [record as unknown as OpenAIChunk] };
      const usage = record.usage;
      if (typeof usage === 'object' && usage !== null) {
        const u = usage as Record<string, unknown>;
        step.usage = {};
        if (typeof u.prompt_tokens === 'number') step.usage.prompt_tokens = u.prompt_tokens;
        if (typeof u.completion_tokens === 'number') step.usage.completion_tokens = u.completion_tokens;
      }
      return step;
    },
  };
}

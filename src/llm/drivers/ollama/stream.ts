import { LlmError } from '../../errors';
import type { StreamEvent } from '../../stream/events';
import type { ChatChunkChoice, ToolCall } from '../../types';
import { chatChunk, textChunk } from '../shared/openai-builders';
import { malformedEvent, parseEventObject } from '../shared/stream-events';
import type { DriverContext, StreamMapper, StreamStep } from '../types';
import { mapOllamaDoneReason } from './finish-reason';
import { fromOllamaToolCalls, isOllamaToolCalls } from './tool-calls';
import type { OllamaResult } from './types';

/**
 * Ollama streams one JSON object per line (NDJSON): partial `message.content` (chat) or `response`
 * (generate) while `done` is false, then a last object with `done: true`, `done_reason` and the token
 * counts. Tool calls come whole, in one line's `message.tool_calls`. A failure mid-stream is a line
 * `{"error":"..."}`.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 * @see kong/llm/drivers/shared.lua handle_stream_event
 */
export function createOllamaStreamMapper(ctx: DriverContext): StreamMapper {
  let roleSent = false;
  let toolCallCount = 0;

  function chatStep(line: OllamaResult): StreamStep {
    const message = line.message ?? {};
    const rawCalls = message.tool_calls;
    if (rawCalls !== undefined && rawCalls !== null && !isOllamaToolCalls(rawCalls)) {
      return { chunks: [], error: malformedEvent(ctx) };
    }
    const firstIndex = toolCallCount;
    const calls: ToolCall[] = rawCalls ? fromOllamaToolCalls(rawCalls, ctx.responseId, firstIndex) : [];
    toolCallCount += calls.length;
    const content = typeof message.content === 'string' ? message.content : '';
    const model = modelOf(line, ctx);

    const delta: ChatChunkChoice['delta'] = {};
    if (!roleSent && (content !== '' || calls.length > 0 || line.done)) {
      delta.role = 'assistant';
      roleSent = true;
    }
    if (content !== '') delta.content = content;
    if (calls.length > 0) delta.tool_calls = calls.map((call, i) => ({ index: firstIndex + i, ...call }));

    if (!line.done) return { chunks: Object.keys(delta).length > 0 ? [chatChunk(ctx, model, delta)] : [] };
    const finish = mapOllamaDoneReason(line.done_reason, toolCallCount > 0, line.eval_count, ctx.model.options.max_tokens);
    return { chunks: [chatChunk(ctx, model, delta, finish)], ...usageOf(line), done: true };
  }

  function generateStep(line: OllamaResult): StreamStep {
    const text = typeof line.response === 'string' ? line.response : '';
    const model = modelOf(line, ctx);
    if (!line.done) return { chunks: text !== '' ? [textChunk(ctx, model, text)] : [] };
    const finish = mapOllamaDoneReason(line.done_reason, false, line.eval_count, ctx.model.options.max_tokens);
    return { chunks: [textChunk(ctx, model, text, finish)], ...usageOf(line), done: true };
  }

  return {
    map(event: StreamEvent): StreamStep {
      const line = parseEventObject(event.data);
      if (!line) return { chunks: [], error: malformedEvent(ctx) };
      const result = line as OllamaResult;
      if (typeof result.error === 'string') return { chunks: [], error: new LlmError(502, result.error) };
      switch (ctx.routeType) {
        case 'llm/v1/chat':
          return chatStep(result);
        case 'llm/v1/completions':
          return generateStep(result);
        case 'llm/v1/embeddings':
          return { chunks: [], error: new LlmError(502, `${ctx.model.provider} does not stream llm/v1/embeddings`) };
      }
    },
  };
}

function modelOf(line: OllamaResult, ctx: DriverContext): string {
  return typeof line.model === 'string' && line.model !== '' ? line.model : ctx.model.name;
}

function usageOf(line: OllamaResult): Pick<StreamStep, 'usage'> {
  const usage: NonNullable<StreamStep['usage']> = {};
  if (typeof line.prompt_eval_count === 'number') usage.prompt_tokens = line.prompt_eval_count;
  if (typeof line.eval_count === 'number') usage.completion_tokens = line.eval_count;
  return Object.keys(usage).length > 0 ? { usage } : {};
}

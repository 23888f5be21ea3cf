import { LlmError } from '../../errors';
import type { StreamEvent } from '../../stream/events';
import { chatChunk, textChunk } from '../shared/openai-builders';
import { parseEventObject } from '../shared/stream-events';
import { toolCallArgumentsDelta, toolCallStartDelta } from '../shared/tool-call-delta';
import type { DriverContext, StreamMapper, StreamStep } from '../types';
import { mapCohereFinishReason } from './finish-reason';
import { cohereApiVersion } from './url';
import { fromV1ToolCalls } from './tools-v1';
import { cohereTokenCounts } from './usage';
import { isRecord } from './wire';

const NOTHING: StreamStep = { chunks: [] };

function malformed(what: string): StreamStep {
  return { chunks: [], error: new LlmError(502, `malformed event in the cohere stream: ${what}`) };
}

/** A step that ends the stream with a finish reason and the counts Cohere reported. */
function endStep(chunk: StreamStep['chunks'][number], usage: unknown): StreamStep {
  const step: StreamStep = { chunks: [chunk], done: true };
  const counts = cohereTokenCounts(usage);
  if (counts.prompt_tokens !== undefined || counts.completion_tokens !== undefined) step.usage = counts;
  return step;
}

/**
 * Cohere streams: v1 chat and generate answer in JSON lines (`event_type` per line), v2 chat in
 * server-sent events (`type` per event). One mapper per response.
 */
export function createCohereStreamMapper(ctx: DriverContext): StreamMapper {
  if (ctx.routeType === 'llm/v1/chat' && cohereApiVersion(ctx) === 'v2') return new V2ChatStreamMapper(ctx);
  return new V1StreamMapper(ctx);
}

/**
 * v1 JSON lines: `stream-start` → the role chunk (chat), `text-generation` → text, `stream-end` →
 * the final chunk with `finish_reason` and the counts of `response.meta`, `stream-error` → error.
 * `tool-calls-generation` → the tool calls (and `tool_calls` as the finish reason).
 * Generate's older lines carry no `event_type`; `is_finished` tells their end.
 * @see https://docs.cohere.com/v1/docs/streaming
 * @see kong/llm/drivers/cohere.lua handle_stream_event
 */
class V1StreamMapper implements StreamMapper {
  private calledTools = false;

  constructor(private readonly ctx: DriverContext) {}

  map(event: StreamEvent): StreamStep {
    const data = parseEventObject(event.data);
    if (!data) return malformed('not a JSON object');
    const type = data.event_type ?? (data.is_finished === true ? 'stream-end' : 'text-generation');
    const chat = this.ctx.routeType === 'llm/v1/chat';
    const model = this.ctx.model.name;
    switch (type) {
      case 'stream-start':
        return chat ? { chunks: [chatChunk(this.ctx, model, { role: 'assistant', content: '' })] } : NOTHING;
      case 'text-generation': {
        if (typeof data.text !== 'string') return malformed('text-generation without text');
        if (data.text === '') return NOTHING;
        return { chunks: [chat ? chatChunk(this.ctx, model, { content: data.text }) : textChunk(this.ctx, model, data.text)] };
      }
      case 'tool-calls-generation':
        return chat ? this.toolCalls(data) : NOTHING;
      case 'stream-end': {
        const finish = this.calledTools ? 'tool_calls' : mapCohereFinishReason(data.finish_reason);
        const response = isRecord(data.response) ? data.response : {};
        return endStep(chat ? chatChunk(this.ctx, model, {}, finish) : textChunk(this.ctx, model, '', finish), response.meta);
      }
      case 'stream-error': {
        const message = typeof data.err === 'string' ? data.err : 'error event in the cohere stream';
        return { chunks: [], error: new LlmError(502, message) };
      }
      default:
        // tool-calls-chunk (the same calls in pieces, without ids), search and citation events.
        return NOTHING;
    }
  }

  /**
   * The whole calls at once: the plan text as content, then per call its opening delta and its
   * arguments, with the ids the non-streamed answer would get.
   */
  private toolCalls(data: Record<string, unknown>): StreamStep {
    const model = this.ctx.model.name;
    const chunks: StreamStep['chunks'] = [];
    if (typeof data.text === 'string' && data.text !== '') chunks.push(chatChunk(this.ctx, model, { content: data.text }));
    const calls = fromV1ToolCalls(data.tool_calls, this.ctx.responseId);
    if (calls.length > 0) this.calledTools = true;
    calls.forEach((call, index) => {
      chunks.push(chatChunk(this.ctx, model, { tool_calls: [toolCallStartDelta(index, call.id, call.name)] }));
      chunks.push(chatChunk(this.ctx, model, { tool_calls: [toolCallArgumentsDelta(index, call.arguments)] }));
    });
    return { chunks };
  }
}

/**
 * v2 events: `message-start` → the role chunk; `content-*` and `tool-plan-delta` → text;
 * `tool-call-start` opens a tool call (index, id, name), `tool-call-delta` adds argument
 * fragments; `message-end` → the final chunk with `finish_reason` and `usage`. Citation and
 * debug events are skipped.
 * @see https://docs.cohere.com/reference/chat-stream
 * @see https://docs.cohere.com/docs/streaming
 */
class V2ChatStreamMapper implements StreamMapper {
  /** Cohere's tool-call index → OpenAI tool-call index. */
  private readonly toolIndex = new Map<number, number>();

  constructor(private readonly ctx: DriverContext) {}

  map(event: StreamEvent): StreamStep {
    if (event.data.trim() === '[DONE]') return { chunks: [], done: true };
    const data = parseEventObject(event.data);
    if (!data) return malformed('not a JSON object');
    const type = event.event ?? data.type;
    const message = isRecord(data.delta) && isRecord(data.delta.message) ? data.delta.message : {};
    switch (type) {
      case 'message-start':
        return { chunks: [this.chunk({ role: 'assistant', content: '' })] };
      case 'content-start':
      case 'content-delta':
        return this.text(isRecord(message.content) ? message.content.text : undefined);
      case 'tool-plan-delta':
        return this.text(message.tool_plan);
      case 'tool-call-start':
        return this.toolCallStart(data.index, message.tool_calls);
      case 'tool-call-delta':
        return this.toolCallDelta(data.index, message.tool_calls);
      case 'message-end': {
        const delta = isRecord(data.delta) ? data.delta : {};
        return endStep(this.chunk({}, mapCohereFinishReason(delta.finish_reason)), delta.usage);
      }
      default:
        // content-end, tool-call-end, citation-start, citation-end, debug.
        return NOTHING;
    }
  }

  private chunk(delta: Parameters<typeof chatChunk>[2], finish: Parameters<typeof chatChunk>[3] = null): StreamStep['chunks'][number] {
    return chatChunk(this.ctx, this.ctx.model.name, delta, finish);
  }

  private text(text: unknown): StreamStep {
    if (text === undefined || text === '') return NOTHING;
    if (typeof text !== 'string') return malformed('text that is not a string');
    return { chunks: [this.chunk({ content: text })] };
  }

  private toolCallStart(cohereIndex: unknown, call: unknown): StreamStep {
    const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined;
    if (typeof cohereIndex !== 'number' || !isRecord(call) || typeof call.id !== 'string' || !fn || typeof fn.name !== 'string') {
      return malformed('tool-call-start without index, id or function name');
    }
    const index = this.toolIndex.size;
    this.toolIndex.set(cohereIndex, index);
    const chunks = [this.chunk({ tool_calls: [toolCallStartDelta(index, call.id, fn.name)] })];
    if (typeof fn.arguments === 'string' && fn.arguments !== '') chunks.push(this.chunk({ tool_calls: [toolCallArgumentsDelta(index, fn.arguments)] }));
    return { chunks };
  }

  private toolCallDelta(cohereIndex: unknown, call: unknown): StreamStep {
    const index = typeof cohereIndex === 'number' ? this.toolIndex.get(cohereIndex) : undefined;
    if (index === undefined) return malformed('tool-call-delta outside a tool call');
    const fragment = isRecord(call) && isRecord(call.function) ? call.function.arguments : undefined;
    if (typeof fragment !== 'string') return malformed('tool-call-delta without arguments');
    return fragment === '' ? NOTHING : { chunks: [this.chunk({ tool_calls: [toolCallArgumentsDelta(index, fragment)] })] };
  }
}

import { LlmError } from '../../errors';
import type { StreamEvent } from '../../stream/events';
import { chatChunk, textChunk } from '../shared/openai-builders';
import { parseEventObject } from '../shared/stream-events';
import type { DriverContext, StreamMapper, StreamStep } from '../types';
import { toolCallArgumentsDelta, toolCallStartDelta } from '../shared/tool-call-delta';
import { anthropicStreamError } from './error';
import { mapAnthropicStopReason } from './stop-reason';
import { isStructuredOutputTool } from './structured-output';
import { anthropicRouteType } from './url';
import { anthropicCompletionTokens, anthropicPromptTokens } from './usage';
import { isRecord } from './wire';

const NOTHING: StreamStep = { chunks: [] };

function malformed(what: string): StreamStep {
  return { chunks: [], error: new LlmError(502, `malformed event in the anthropic stream: ${what}`) };
}

/** The event's JSON data and its type (the SSE `event:` name, which Anthropic repeats as `type`). */
function parseEvent(event: StreamEvent): { type: string; data: Record<string, unknown> } | undefined {
  const data = parseEventObject(event.data);
  if (!data) return undefined;
  const type = event.event ?? data.type;
  return typeof type === 'string' ? { type, data } : undefined;
}

function usageStep(raw: unknown): StreamStep['usage'] {
  if (!isRecord(raw)) return undefined;
  const out: NonNullable<StreamStep['usage']> = {};
  const prompt = anthropicPromptTokens(raw);
  const completion = anthropicCompletionTokens(raw);
  if (prompt !== undefined) out.prompt_tokens = prompt;
  if (completion !== undefined) out.completion_tokens = completion;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Anthropic's stream → OpenAI chunks: Messages events for chat, legacy `completion` events for
 * completions. One mapper per response (it numbers tool calls and remembers the model).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 * @see https://docs.anthropic.com/en/api/streaming (legacy Text Completions)
 */
export function createAnthropicStreamMapper(ctx: DriverContext): StreamMapper {
  const routeType = anthropicRouteType(ctx.routeType);
  switch (routeType) {
    case 'llm/v1/chat':
      return new MessagesStreamMapper(ctx);
    case 'llm/v1/completions':
      return new CompleteStreamMapper(ctx);
  }
}

/**
 * `message_start` → the role chunk and prompt tokens; `content_block_*` → content and tool-call
 * deltas (a `tool_use` block opens a tool call: index, id, name, then its arguments arrive as
 * `input_json_delta` fragments); `message_delta` → the final chunk with `finish_reason` and the
 * output tokens (`stop` when the structured-output tool answered, its JSON streamed as text);
 * `message_stop` ends the stream; `ping` and event types this version does not know
 * are skipped, as Anthropic's versioning policy asks of clients.
 */
class MessagesStreamMapper implements StreamMapper {
  private model: string;
  /** Anthropic content block index → OpenAI tool call index (tool calls are numbered from 0). */
  private readonly toolIndexByBlock = new Map<number, number>();
  /** Blocks of the structured-output tool: their JSON is the answer's text. */
  private readonly structuredBlocks = new Set<number>();

  constructor(private readonly ctx: DriverContext) {
    this.model = ctx.model.name;
  }

  map(event: StreamEvent): StreamStep {
    const parsed = parseEvent(event);
    if (!parsed) return malformed('not a JSON object with a type');
    const { type, data } = parsed;
    switch (type) {
      case 'message_start':
        return this.start(data);
      case 'content_block_start':
        return this.blockStart(data);
      case 'content_block_delta':
        return this.blockDelta(data);
      case 'content_block_stop':
      case 'ping':
        return NOTHING;
      case 'message_delta':
        return this.messageDelta(data);
      case 'message_stop':
        return { chunks: [], done: true };
      case 'error':
        return { chunks: [], error: anthropicStreamError(data) };
      default:
        return NOTHING;
    }
  }

  private start(data: Record<string, unknown>): StreamStep {
    const message = data.message;
    if (!isRecord(message)) return malformed('message_start is missing the message');
    if (typeof message.model === 'string' && message.model !== '') this.model = message.model;
    const step: StreamStep = { chunks: [chatChunk(this.ctx, this.model, { role: 'assistant', content: '' })] };
    const usage = usageStep(message.usage);
    if (usage) step.usage = usage;
    return step;
  }

  private blockStart(data: Record<string, unknown>): StreamStep {
    const block = data.content_block;
    if (!isRecord(block) || typeof data.index !== 'number') return malformed('content_block_start without index or content_block');
    switch (block.type) {
      case 'text':
        return typeof block.text === 'string' && block.text !== '' ? this.content(block.text) : NOTHING;
      case 'tool_use': {
        if (typeof block.id !== 'string' || typeof block.name !== 'string') return malformed('tool_use block without id or name');
        if (isStructuredOutputTool(block.name)) {
          this.structuredBlocks.add(data.index);
          return NOTHING;
        }
        const index = this.toolIndexByBlock.size;
        this.toolIndexByBlock.set(data.index, index);
        return { chunks: [chatChunk(this.ctx, this.model, { tool_calls: [toolCallStartDelta(index, block.id, block.name)] })] };
      }
      default:
        // thinking, redacted_thinking, server-tool blocks: nothing an OpenAI chat stream carries.
        return NOTHING;
    }
  }

  private blockDelta(data: Record<string, unknown>): StreamStep {
    const delta = data.delta;
    if (!isRecord(delta)) return malformed('content_block_delta without delta');
    switch (delta.type) {
      case 'text_delta':
        if (typeof delta.text !== 'string') return malformed('text_delta without text');
        return delta.text === '' ? NOTHING : this.content(delta.text);
      case 'input_json_delta': {
        if (typeof data.index === 'number' && this.structuredBlocks.has(data.index)) {
          return typeof delta.partial_json === 'string' && delta.partial_json !== '' ? this.content(delta.partial_json) : NOTHING;
        }
        const index = typeof data.index === 'number' ? this.toolIndexByBlock.get(data.index) : undefined;
        if (index === undefined) return malformed('input_json_delta outside a tool_use block');
        if (typeof delta.partial_json !== 'string') return malformed('input_json_delta without partial_json');
        if (delta.partial_json === '') return NOTHING;
        return { chunks: [chatChunk(this.ctx, this.model, { tool_calls: [toolCallArgumentsDelta(index, delta.partial_json)] })] };
      }
      default:
        // thinking_delta, signature_delta, citations_delta.
        return NOTHING;
    }
  }

  private messageDelta(data: Record<string, unknown>): StreamStep {
    const delta = isRecord(data.delta) ? data.delta : {};
    const finish = this.structuredBlocks.size > 0 ? 'stop' : mapAnthropicStopReason(delta.stop_reason);
    const step: StreamStep = { chunks: [chatChunk(this.ctx, this.model, {}, finish)] };
    const usage = usageStep(data.usage);
    if (usage) step.usage = usage;
    return step;
  }

  private content(text: string): StreamStep {
    return { chunks: [chatChunk(this.ctx, this.model, { content: text })] };
  }
}

/**
 * Legacy Text Completions stream: `completion` events carry text and, on the last one, a
 * `stop_reason`; there is no closing event, so that last one ends the stream.
 * @see https://docs.anthropic.com/en/api/streaming
 */
class CompleteStreamMapper implements StreamMapper {
  constructor(private readonly ctx: DriverContext) {}

  map(event: StreamEvent): StreamStep {
    const parsed = parseEvent(event);
    if (!parsed) return malformed('not a JSON object with a type');
    const { type, data } = parsed;
    switch (type) {
      case 'completion': {
        if (typeof data.completion !== 'string') return malformed('completion event without completion');
        const model = typeof data.model === 'string' && data.model !== '' ? data.model : this.ctx.model.name;
        const finished = data.stop_reason !== null && data.stop_reason !== undefined;
        const finishReason = finished ? mapAnthropicStopReason(data.stop_reason) : null;
        return { chunks: [textChunk(this.ctx, model, data.completion, finishReason)], ...(finished ? { done: true } : {}) };
      }
      case 'error':
        return { chunks: [], error: anthropicStreamError(data) };
      default:
        return NOTHING;
    }
  }
}

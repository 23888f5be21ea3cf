import { LlmError } from '../../errors';
import type { StreamEvent } from '../../stream/events';
import { chatChunk } from '../shared/openai-builders';
import { parseEventObject } from '../shared/stream-events';
import { toolCallArgumentsDelta, toolCallStartDelta } from '../shared/tool-call-delta';
import type { DriverContext, StreamMapper, StreamStep } from '../types';
import { bedrockStreamError } from './error';
import { mapBedrockStopReason } from './stop-reason';
import { bedrockRouteType } from './url';
import { bedrockTokens } from './usage';
import { isRecord } from './wire';

const NOTHING: StreamStep = { chunks: [] };

function malformed(what: string): StreamStep {
  return { chunks: [], error: new LlmError(502, `malformed event in the bedrock stream: ${what}`) };
}

/**
 * ConverseStream events → OpenAI chunks. `messageStart` → the role chunk; `contentBlockStart`
 * (toolUse) opens a tool call; `contentBlockDelta` carries text or tool input fragments;
 * `messageStop` → the chunk with `finish_reason`; `metadata` (last) → usage, and ends the stream.
 * Exception events (the decoder names them by `:exception-type`) are errors.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export function createBedrockStreamMapper(ctx: DriverContext): StreamMapper {
  bedrockRouteType(ctx.routeType);
  return new ConverseStreamMapper(ctx);
}

class ConverseStreamMapper implements StreamMapper {
  /** Bedrock content block index → OpenAI tool call index. */
  private readonly toolIndexByBlock = new Map<number, number>();

  constructor(private readonly ctx: DriverContext) {}

  map(event: StreamEvent): StreamStep {
    const name = event.event;
    if (name !== undefined && (name === 'error' || /Exception$/.test(name))) return { chunks: [], error: bedrockStreamError(name, event.data) };
    const data = parseEventObject(event.data);
    if (!data) return malformed('not a JSON object');
    switch (name) {
      case 'messageStart':
        return { chunks: [this.chunk({ role: 'assistant', content: '' })] };
      case 'contentBlockStart':
        return this.blockStart(data);
      case 'contentBlockDelta':
        return this.blockDelta(data);
      case 'contentBlockStop':
        return NOTHING;
      case 'messageStop':
        return { chunks: [chatChunk(this.ctx, this.ctx.model.name, {}, mapBedrockStopReason(data.stopReason))] };
      case 'metadata': {
        const usage = bedrockTokens(data.usage);
        return Object.keys(usage).length > 0 ? { chunks: [], usage, done: true } : { chunks: [], done: true };
      }
      default:
        return NOTHING;
    }
  }

  private blockStart(data: Record<string, unknown>): StreamStep {
    const start = data.start;
    if (!isRecord(start) || typeof data.contentBlockIndex !== 'number') return malformed('contentBlockStart without start or contentBlockIndex');
    const use = start.toolUse;
    if (!isRecord(use)) return NOTHING;
    if (typeof use.toolUseId !== 'string' || typeof use.name !== 'string') return malformed('toolUse start without toolUseId or name');
    const index = this.toolIndexByBlock.size;
    this.toolIndexByBlock.set(data.contentBlockIndex, index);
    return { chunks: [this.chunk({ tool_calls: [toolCallStartDelta(index, use.toolUseId, use.name)] })] };
  }

  private blockDelta(data: Record<string, unknown>): StreamStep {
    const delta = data.delta;
    if (!isRecord(delta)) return malformed('contentBlockDelta without delta');
    if (typeof delta.text === 'string') return delta.text === '' ? NOTHING : { chunks: [this.chunk({ content: delta.text })] };
    if (isRecord(delta.toolUse)) {
      const index = typeof data.contentBlockIndex === 'number' ? this.toolIndexByBlock.get(data.contentBlockIndex) : undefined;
      if (index === undefined) return malformed('toolUse delta outside a toolUse block');
      const input = delta.toolUse.input;
      if (typeof input !== 'string') return malformed('toolUse delta without input');
      return input === '' ? NOTHING : { chunks: [this.chunk({ tool_calls: [toolCallArgumentsDelta(index, input)] })] };
    }
    // reasoningContent and citation deltas have no OpenAI chunk form.
    return NOTHING;
  }

  private chunk(delta: Parameters<typeof chatChunk>[2]) {
    return chatChunk(this.ctx, this.ctx.model.name, delta);
  }
}

import type { StreamEvent } from '../../stream/events';
import type { DriverContext, StreamMapper, StreamStep } from '../types';
import type { ChatChunkChoice } from '../../types';
import { chatChunk } from '../shared/openai-builders';
import { malformedEvent, parseEventObject } from '../shared/stream-events';
import { answerModel, promptBlocked, readCandidates, toToolCall, type GeminiCandidate } from './candidate';
import { geminiStreamError, isGeminiError } from './error';
import { mapGeminiFinishReason } from './finish-reason';
import { geminiUsageStep } from './usage';

/** What the stream has said so far for one choice. */
interface ChoiceState {
  roleSent: boolean;
  toolCalls: number;
}

/**
 * `streamGenerateContent` elements → OpenAI chat chunks. Each element is a GenerateContentResponse
 * holding the next text of each candidate; a function call comes whole in one element and becomes
 * one complete tool-call delta. The first chunk of a choice carries the role. The stream is done
 * when every candidate of an element has a `finishReason` (Gemini's last element, which also
 * carries the final usage), or when the prompt was blocked.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 * @see kong/llm/drivers/gemini.lua handle_stream_event
 */
export function createGeminiStreamMapper(ctx: DriverContext): StreamMapper {
  return new GeminiStreamMapper(ctx);
}

class GeminiStreamMapper implements StreamMapper {
  private readonly choices = new Map<number, ChoiceState>();

  constructor(private readonly ctx: DriverContext) {}

  map(event: StreamEvent): StreamStep {
    let data: Record<string, unknown> | undefined;
    if (event.data.trim().startsWith('[')) {
      // A non-streamed error answer read as a stream: a one-element array holding the error.
      const inner: unknown = parseJsonArray(event.data);
      if (isGeminiError(inner)) return { chunks: [], error: geminiStreamError(inner) };
    } else {
      data = parseEventObject(event.data);
    }
    if (!data) return { chunks: [], error: malformedEvent(this.ctx) };
    if (isGeminiError(data)) return { chunks: [], error: geminiStreamError(data) };
    const model = answerModel(data, this.ctx);
    const step: StreamStep = { chunks: [] };
    const usage = geminiUsageStep(data.usageMetadata);
    if (usage) step.usage = usage;
    const candidates = readCandidates(data) ?? [];
    if (candidates.length === 0) {
      if (promptBlocked(data)) {
        step.chunks.push(chatChunk(this.ctx, model, this.delta(0, {}), 'content_filter'));
        step.done = true;
      }
      return step;
    }
    for (const candidate of candidates) {
      const chunk = this.candidateChunk(candidate, model);
      if (chunk) step.chunks.push(chunk);
    }
    if (candidates.every((c) => c.finishReason !== undefined && c.finishReason !== null)) step.done = true;
    return step;
  }

  private candidateChunk(candidate: GeminiCandidate, model: string): ReturnType<typeof chatChunk> | undefined {
    const state = this.state(candidate.index);
    const delta: ChatChunkChoice['delta'] = {};
    if (candidate.text !== '') delta.content = candidate.text;
    if (candidate.calls.length > 0) {
      delta.tool_calls = candidate.calls.map((call) => {
        const n = state.toolCalls++;
        return { index: n, ...toToolCall(this.ctx, candidate.index, n, call) };
      });
    }
    const finish = mapGeminiFinishReason(candidate.finishReason, state.toolCalls > 0);
    if (Object.keys(delta).length === 0 && finish === null) return undefined;
    return chatChunk(this.ctx, model, this.delta(candidate.index, delta), finish, candidate.index);
  }

  /** The delta with the role when it is the choice's first. */
  private delta(index: number, delta: ChatChunkChoice['delta']): ChatChunkChoice['delta'] {
    const state = this.state(index);
    if (state.roleSent) return delta;
    state.roleSent = true;
    return { role: 'assistant', ...delta };
  }

  private state(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { roleSent: false, toolCalls: 0 };
      this.choices.set(index, state);
    }
    return state;
  }
}

function parseJsonArray(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

import { LlmError } from '../../errors';
import type { StreamEvent } from '../../stream/events';
import type { ChatChunkChoice, ToolCall } from '../../types';
import { chatChunk, textChunk } from '../shared/openai-builders';
import { malformedEvent, parseEventObject } from '../shared/stream-events';
import type { DriverContext, StreamMapper, StreamStep } from '../types';
import { huggingfaceErrorMessage } from './error';
import { mapHuggingfaceFinishReason } from './finish-reason';
import { isRecord } from '../../is-record';

const TERMINATOR = '[DONE]';

/**
 * Hugging Face streams (text/event-stream):
 * - chat, the Messages API: OpenAI-shaped `chat.completion.chunk`s and `[DONE]`; rebuilt with this
 *   response's id and `created` (TGI sends an empty id), finish reasons mapped, tool-call deltas kept;
 * - completions, text-generation: `{"token":{"text","special"},"details":null}` per token, then one
 *   with `details` (`finish_reason`, `generated_tokens`, `input_length`). Special tokens (`</s>`) are
 *   not text.
 * A failure mid-stream is an event `{"error":"...","error_type":"..."}`.
 * @see https://huggingface.co/docs/text-generation-inference/messages_api#streaming
 * @see https://huggingface.github.io/text-generation-inference/#/Text%20Generation%20Inference/generate_stream
 * @see kong/llm/drivers/huggingface.lua handle_huggingface_stream
 */
export function createHuggingfaceStreamMapper(ctx: DriverContext): StreamMapper {
  // TGI repeats `role` in every delta; OpenAI sends it once, first.
  const state = { roleSent: false };
  return {
    map(event: StreamEvent): StreamStep {
      if (event.data.trim() === TERMINATOR) return { chunks: [], done: true };
      const data = parseEventObject(event.data);
      if (!data) return { chunks: [], error: malformedEvent(ctx) };
      if (data.error !== undefined) {
        return { chunks: [], error: new LlmError(502, huggingfaceErrorMessage(data) ?? `error event in the ${ctx.model.provider} stream`) };
      }
      switch (ctx.routeType) {
        case 'llm/v1/chat':
          return chatStep(data, ctx, state);
        case 'llm/v1/completions':
          return generationStep(data, ctx);
        case 'llm/v1/embeddings':
          return { chunks: [], error: new LlmError(502, `${ctx.model.provider} does not stream llm/v1/embeddings`) };
      }
    },
  };
}

function chatStep(data: Record<string, unknown>, ctx: DriverContext, state: { roleSent: boolean }): StreamStep {
  if (!Array.isArray(data.choices)) return { chunks: [], error: malformedEvent(ctx) };
  const model = typeof data.model === 'string' && data.model !== '' ? data.model : ctx.model.name;
  const chunks = data.choices.filter(isRecord).map((choice) => {
    const delta = isRecord(choice.delta) ? choice.delta : {};
    const index = typeof choice.index === 'number' ? choice.index : 0;
    const out = chatDelta(delta);
    if (out.role !== undefined) {
      if (state.roleSent) delete out.role;
      state.roleSent = true;
    }
    return chatChunk(ctx, model, out, mapHuggingfaceFinishReason(choice.finish_reason), index);
  });
  const step: StreamStep = { chunks };
  if (isRecord(data.usage)) {
    const usage: NonNullable<StreamStep['usage']> = {};
    if (typeof data.usage.prompt_tokens === 'number') usage.prompt_tokens = data.usage.prompt_tokens;
    if (typeof data.usage.completion_tokens === 'number') usage.completion_tokens = data.usage.completion_tokens;
    if (Object.keys(usage).length > 0) step.usage = usage;
  }
  return step;
}

function chatDelta(delta: Record<string, unknown>): ChatChunkChoice['delta'] {
  const out: ChatChunkChoice['delta'] = {};
  if (delta.role === 'assistant') out.role = 'assistant';
  if (typeof delta.content === 'string') out.content = delta.content;
  if (Array.isArray(delta.tool_calls)) {
    out.tool_calls = delta.tool_calls.filter(isRecord).map((call, i) => {
      const part: Partial<ToolCall> = { index: typeof call.index === 'number' ? call.index : i };
      if (typeof call.id === 'string' && call.id !== '') part.id = call.id;
      if (isRecord(call.function)) {
        const fn = call.function;
        const args = typeof fn.arguments === 'string' ? fn.arguments : isRecord(fn.arguments) ? JSON.stringify(fn.arguments) : '';
        part.type = 'function';
        part.function = { name: typeof fn.name === 'string' ? fn.name : '', arguments: args };
      }
      return part;
    });
  }
  return out;
}

function generationStep(data: Record<string, unknown>, ctx: DriverContext): StreamStep {
  const token = isRecord(data.token) ? data.token : undefined;
  const text = token && token.special !== true && typeof token.text === 'string' ? token.text : '';
  const details = isRecord(data.details) ? data.details : undefined;
  if (!details) return { chunks: text !== '' ? [textChunk(ctx, ctx.model.name, text)] : [] };
  const usage: NonNullable<StreamStep['usage']> = {};
  if (typeof details.input_length === 'number') usage.prompt_tokens = details.input_length;
  if (typeof details.generated_tokens === 'number') usage.completion_tokens = details.generated_tokens;
  const finish = mapHuggingfaceFinishReason(details.finish_reason) ?? 'stop';
  return {
    chunks: [textChunk(ctx, ctx.model.name, text, finish)],
    ...(Object.keys(usage).length > 0 ? { usage } : {}),
    done: true,
  };
}

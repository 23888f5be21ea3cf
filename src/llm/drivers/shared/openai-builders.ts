/**
 * Builders for the OpenAI-format bodies every driver returns, so that ids, `created`, `object`
 * and usage arithmetic are the same for all providers.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
import { badRequest } from '../../errors';
import type { DriverContext } from '../types';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatChunkChoice,
  ChatContentPart,
  Embeddings,
  FinishReason,
  TextCompletion,
  TextCompletionChunk,
  ToolCall,
  Usage,
} from '../../types';

export function usage(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

export interface AssistantTurn {
  content: string | null;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
}

export function chatCompletion(ctx: DriverContext, turns: AssistantTurn[], model: string, tokens?: Usage): ChatCompletion {
  const body: ChatCompletion = {
    id: ctx.responseId,
    object: 'chat.completion',
    created: ctx.created,
    model,
    choices: turns.map((turn, index) => ({
      index,
      message: {
        role: 'assistant',
        content: turn.content,
        ...(turn.toolCalls && turn.toolCalls.length > 0 ? { tool_calls: turn.toolCalls } : {}),
      },
      finish_reason: turn.finishReason,
      logprobs: null,
    })),
  };
  if (tokens) body.usage = tokens;
  return body;
}

export function textCompletion(
  ctx: DriverContext,
  choices: { text: string; finishReason: FinishReason }[],
  model: string,
  tokens?: Usage,
): TextCompletion {
  const body: TextCompletion = {
    id: ctx.responseId,
    object: 'text_completion',
    created: ctx.created,
    model,
    choices: choices.map((c, index) => ({ index, text: c.text, finish_reason: c.finishReason, logprobs: null })),
  };
  if (tokens) body.usage = tokens;
  return body;
}

export function embeddings(vectors: number[][], model: string, promptTokens: number): Embeddings {
  return {
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

/** One chat stream chunk with a single choice (index 0 unless given). */
export function chatChunk(
  ctx: DriverContext,
  model: string,
  delta: ChatChunkChoice['delta'],
  finishReason: FinishReason = null,
  index = 0,
): ChatCompletionChunk {
  return {
    id: ctx.responseId,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model,
    choices: [{ index, delta, finish_reason: finishReason, logprobs: null }],
  };
}

export function textChunk(ctx: DriverContext, model: string, text: string, finishReason: FinishReason = null): TextCompletionChunk {
  return {
    id: ctx.responseId,
    object: 'text_completion',
    created: ctx.created,
    model,
    choices: [{ index: 0, text, finish_reason: finishReason, logprobs: null }],
  };
}

/** The plain text of a message's content (string, or the `text` parts of a content array). */
export function contentText(content: string | ChatContentPart[] | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('');
}

/** `stop` as an array (OpenAI accepts a string or an array; `null` means none, as the request schema allows). */
export function stopSequences(stop: string | string[] | null | undefined): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  return typeof stop === 'string' ? [stop] : stop;
}

/** The JSON object in a client's tool-call `arguments` string; `{}` for empty; a 400 for anything else. */
export function parseToolArguments(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest('tool call arguments must be a JSON object string');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('tool call arguments must be a JSON object string');
  }
  return parsed as Record<string, unknown>;
}

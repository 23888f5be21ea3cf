import type { AssistantTurn } from '../shared/openai-builders';
import { chatCompletion, embeddings, textCompletion, usage } from '../shared/openai-builders';
import type { OpenAIResponse, Usage } from '../../types';
import { transformationFailed } from '../ollama';
import type { DriverContext } from '../types';
import { huggingfaceErrorMessage } from './error';
import { mapHuggingfaceFinishReason } from './finish-reason';
import { fromHuggingfaceToolCalls } from './tool-calls';
import { isRecord } from '../../is-record';

/**
 * Hugging Face answer → OpenAI.
 * - chat: the Messages API's OpenAI-shaped completion (finish reasons and tool calls normalised);
 * - completions: text-generation's `[{"generated_text", "details"}]` (an object without the array
 *   from a TGI server's /generate); `details.generated_tokens` is the completion's token count;
 * - embeddings: feature-extraction's vector (one input) or vectors (several).
 * An `error` in a 200 body is still an error (Kong: "API error: ...").
 * @see kong/llm/drivers/huggingface.lua from_huggingface
 */
export function fromHuggingfaceBody(body: unknown, ctx: DriverContext): OpenAIResponse {
  if (isRecord(body) && body.error !== undefined) {
    throw transformationFailed(ctx, `API error: ${huggingfaceErrorMessage(body) ?? 'unknown error'}`);
  }
  switch (ctx.routeType) {
    case 'llm/v1/chat':
      return fromHuggingfaceChat(body, ctx);
    case 'llm/v1/completions':
      return fromHuggingfaceGeneration(body, ctx);
    case 'llm/v1/embeddings':
      return fromHuggingfaceFeatures(body, ctx);
  }
}

function fromHuggingfaceChat(body: unknown, ctx: DriverContext): OpenAIResponse {
  if (!isRecord(body) || !Array.isArray(body.choices)) throw transformationFailed(ctx, "'choices' not in llm/v1/chat response");
  let toolIndex = 0;
  const turns: AssistantTurn[] = body.choices.map((choice: unknown) => {
    const message = isRecord(choice) && isRecord(choice.message) ? choice.message : undefined;
    if (!message) throw transformationFailed(ctx, "'message' not in llm/v1/chat response choice");
    const raw = message.tool_calls;
    const toolCalls = raw === undefined || raw === null ? [] : fromHuggingfaceToolCalls(raw, ctx.responseId, toolIndex);
    if (!toolCalls) throw transformationFailed(ctx, "malformed 'tool_calls' in llm/v1/chat response");
    toolIndex += toolCalls.length;
    const reason = mapHuggingfaceFinishReason((choice as Record<string, unknown>).finish_reason);
    return {
      content: typeof message.content === 'string' ? message.content : null,
      toolCalls,
      finishReason: toolCalls.length > 0 && reason === 'stop' ? 'tool_calls' : (reason ?? 'stop'),
    };
  });
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : ctx.model.name;
  return chatCompletion(ctx, turns, model, openAIUsage(body.usage));
}

function fromHuggingfaceGeneration(body: unknown, ctx: DriverContext): OpenAIResponse {
  const generations = Array.isArray(body) ? body : [body];
  let completionTokens: number | undefined;
  const choices = generations.map((generation: unknown) => {
    if (!isRecord(generation) || typeof generation.generated_text !== 'string') {
      throw transformationFailed(ctx, "'generated_text' not in llm/v1/completions response");
    }
    const details = isRecord(generation.details) ? generation.details : undefined;
    if (typeof details?.generated_tokens === 'number') completionTokens = (completionTokens ?? 0) + details.generated_tokens;
    // Without details the API said nothing of why it stopped; the text is whole, so: stop.
    return { text: generation.generated_text, finishReason: mapHuggingfaceFinishReason(details?.finish_reason) ?? 'stop' };
  });
  if (choices.length === 0) throw transformationFailed(ctx, "'generated_text' not in llm/v1/completions response");
  // text-generation counts generated tokens only; the prompt's count is not reported (0).
  const tokens = completionTokens === undefined ? undefined : usage(0, completionTokens);
  return textCompletion(ctx, choices, ctx.model.name, tokens);
}

function fromHuggingfaceFeatures(body: unknown, ctx: DriverContext): OpenAIResponse {
  const isVector = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((n) => typeof n === 'number');
  let vectors: number[][];
  if (isVector(body)) vectors = [body];
  else if (Array.isArray(body) && body.length > 0 && body.every(isVector)) vectors = body;
  else throw transformationFailed(ctx, 'expected one embedding vector per input (a sentence-embedding model) in llm/v1/embeddings response');
  const out = embeddings(vectors, ctx.model.name, 0);
  // The feature-extraction task reports no token counts.
  delete out.usage;
  return out;
}

/** OpenAI-shaped `usage`, when it has counts. */
export function openAIUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const prompt = typeof value.prompt_tokens === 'number' ? value.prompt_tokens : undefined;
  const completion = typeof value.completion_tokens === 'number' ? value.completion_tokens : undefined;
  if (prompt === undefined && completion === undefined) return undefined;
  return usage(prompt ?? 0, completion ?? 0);
}

import { LlmError } from '../../errors';
import type { OpenAIResponse, Usage } from '../../types';
import { chatCompletion, embeddings, textCompletion, usage } from '../shared/openai-builders';
import type { DriverContext } from '../types';
import { mapOllamaDoneReason } from './finish-reason';
import { fromOllamaToolCalls, isOllamaToolCalls } from './tool-calls';
import type { OllamaResult } from './types';
import { isRecord } from '../../is-record';

/** Kong's wording for an answer that is not the shape the format promised. */
export function transformationFailed(ctx: DriverContext, reason: string): LlmError {
  return new LlmError(502, `transformation failed from type ${ctx.model.provider}://${ctx.routeType}: ${reason}`);
}

/**
 * Ollama's answer → OpenAI: /api/chat's `message`, /api/generate's `response`, /api/embed's
 * `embeddings`; `prompt_eval_count` / `eval_count` are the token counts (absent when Ollama served
 * the prompt from its cache and evaluated nothing, so usage is left out rather than invented).
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 * @see kong/llm/drivers/shared.lua from_ollama
 */
export function fromOllamaBody(body: unknown, ctx: DriverContext): OpenAIResponse {
  if (!isRecord(body)) throw transformationFailed(ctx, 'failed to decode ollama response');
  if (typeof body.error === 'string') throw transformationFailed(ctx, body.error);
  switch (ctx.routeType) {
    case 'llm/v1/chat':
      return fromOllamaChat(body as OllamaResult, ctx);
    case 'llm/v1/completions':
      return fromOllamaGenerate(body as OllamaResult, ctx);
    case 'llm/v1/embeddings':
      return fromOllamaEmbed(body, ctx);
  }
}

function fromOllamaChat(body: OllamaResult, ctx: DriverContext): OpenAIResponse {
  const message: unknown = body.message;
  if (!isRecord(message)) throw transformationFailed(ctx, "'message' not in ollama chat response");
  const rawCalls = message.tool_calls;
  if (rawCalls !== undefined && rawCalls !== null && !isOllamaToolCalls(rawCalls)) {
    throw transformationFailed(ctx, "malformed 'tool_calls' in ollama chat response");
  }
  const toolCalls = rawCalls ? fromOllamaToolCalls(rawCalls, ctx.responseId) : [];
  const content = typeof message.content === 'string' ? message.content : '';
  const finishReason = mapOllamaDoneReason(body.done_reason, toolCalls.length > 0, body.eval_count, ctx.model.options.max_tokens);
  return chatCompletion(
    ctx,
    [{ content: toolCalls.length > 0 && content === '' ? null : content, toolCalls, finishReason }],
    modelOf(body, ctx),
    ollamaUsage(body),
  );
}

function fromOllamaGenerate(body: OllamaResult, ctx: DriverContext): OpenAIResponse {
  if (typeof body.response !== 'string') throw transformationFailed(ctx, "'response' not in ollama generate response");
  const finishReason = mapOllamaDoneReason(body.done_reason, false, body.eval_count, ctx.model.options.max_tokens);
  return textCompletion(ctx, [{ text: body.response, finishReason }], modelOf(body, ctx), ollamaUsage(body));
}

function fromOllamaEmbed(body: Record<string, unknown>, ctx: DriverContext): OpenAIResponse {
  const vectors = body.embeddings;
  const valid = Array.isArray(vectors) && vectors.every((v) => Array.isArray(v) && v.every((n) => typeof n === 'number'));
  if (!valid) throw transformationFailed(ctx, "'embeddings' not in ollama embed response");
  const promptTokens = typeof body.prompt_eval_count === 'number' ? body.prompt_eval_count : undefined;
  const out = embeddings(vectors as number[][], typeof body.model === 'string' ? body.model : ctx.model.name, promptTokens ?? 0);
  if (promptTokens === undefined) delete out.usage;
  return out;
}

function modelOf(body: OllamaResult, ctx: DriverContext): string {
  return typeof body.model === 'string' && body.model !== '' ? body.model : ctx.model.name;
}

/** Usage from the counts Ollama reports on its last (done) object; undefined when it reports none. */
export function ollamaUsage(body: OllamaResult): Usage | undefined {
  const prompt = typeof body.prompt_eval_count === 'number' ? body.prompt_eval_count : undefined;
  const completion = typeof body.eval_count === 'number' ? body.eval_count : undefined;
  if (prompt === undefined && completion === undefined) return undefined;
  return usage(prompt ?? 0, completion ?? 0);
}

/** Ollama answers errors as `{"error":"..."}` (404 unknown model, 400 bad request, 500 runner failure). */
export function ollamaErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  return typeof body.error === 'string' && body.error !== '' ? body.error : undefined;
}

import { LlmError } from '../../errors';
import { chatCompletion, textCompletion } from '../shared/openai-builders';
import type { DriverContext } from '../types';
import type { OpenAIResponse, ToolCall } from '../../types';
import { fromCohereEmbed } from './embed';
import { cohereErrorMessage } from './error';
import { mapCohereFinishReason } from './finish-reason';
import { convertCohereUsage } from './usage';
import { fromV1ToolCalls } from './tools-v1';
import { isRecord } from './wire';

function notAResponse(ctx: DriverContext, fields: string, body: unknown): LlmError {
  const said = cohereErrorMessage(body);
  if (said !== undefined) return new LlmError(502, said);
  return new LlmError(502, `transformation failed from type cohere://${ctx.routeType}: ${fields} missing from cohere response body`);
}

/**
 * A Cohere answer → OpenAI, recognised by its shape as Kong does (an `upstream_url` may point
 * anywhere): v2 chat has `message`, v1 chat has `text`, generate has `generations`, embed has
 * `embeddings`. Ids and `created` are ours; the model is the configured one (Cohere does not echo it).
 * @see kong/llm/drivers/cohere.lua transformers_from
 */
export function fromCohereBody(body: unknown, ctx: DriverContext): OpenAIResponse {
  switch (ctx.routeType) {
    case 'llm/v1/chat':
      if (isRecord(body) && isRecord(body.message)) return fromV2Chat(body, body.message, ctx);
      if (isRecord(body) && typeof body.text === 'string') return fromV1Chat(body, body.text, ctx);
      throw notAResponse(ctx, "'message' or 'text'", body);
    case 'llm/v1/completions':
      if (isRecord(body) && Array.isArray(body.generations)) return fromGenerate(body, body.generations, ctx);
      throw notAResponse(ctx, "'generations'", body);
    case 'llm/v1/embeddings':
      if (isRecord(body) && body.embeddings !== undefined) return fromCohereEmbed(body, ctx);
      throw notAResponse(ctx, "'embeddings'", body);
  }
}

/**
 * v1 answers tool calls without ids and with `finish_reason` COMPLETE; they get ids (see
 * fromV1ToolCalls) and `tool_calls` as finish reason, which is what OpenAI clients loop on.
 * @see https://docs.cohere.com/v1/reference/chat#response
 */
function fromV1Chat(body: Record<string, unknown>, text: string, ctx: DriverContext): OpenAIResponse {
  const toolCalls: ToolCall[] = fromV1ToolCalls(body.tool_calls, ctx.responseId).map((c) => ({
    id: c.id,
    type: 'function',
    function: { name: c.name, arguments: c.arguments },
  }));
  const called = toolCalls.length > 0;
  return chatCompletion(
    ctx,
    [{ content: text === '' && called ? null : text, toolCalls, finishReason: called ? 'tool_calls' : mapCohereFinishReason(body.finish_reason) }],
    ctx.model.name,
    convertCohereUsage(body.meta),
  );
}

/**
 * v2's content blocks are joined; when there are none, `tool_plan` (the model's note on why it
 * calls tools) is the content, as in Kong.
 * @see https://docs.cohere.com/reference/chat#response
 */
function fromV2Chat(body: Record<string, unknown>, message: Record<string, unknown>, ctx: DriverContext): OpenAIResponse {
  let text = '';
  if (Array.isArray(message.content)) {
    for (const block of message.content as unknown[]) {
      if (isRecord(block) && block.type === 'text' && typeof block.text === 'string') text += block.text;
    }
  }
  if (text === '' && typeof message.tool_plan === 'string') text = message.tool_plan;
  const toolCalls = Array.isArray(message.tool_calls) ? (message.tool_calls as unknown[]).map(toToolCall) : [];
  const content = text === '' && toolCalls.length > 0 ? null : text;
  return chatCompletion(
    ctx,
    [{ content, toolCalls, finishReason: mapCohereFinishReason(body.finish_reason) }],
    ctx.model.name,
    convertCohereUsage(body.usage),
  );
}

function toToolCall(raw: unknown): ToolCall {
  const fn = isRecord(raw) && isRecord(raw.function) ? raw.function : undefined;
  if (!isRecord(raw) || typeof raw.id !== 'string' || !fn || typeof fn.name !== 'string') {
    throw new LlmError(502, 'transformation failed from type cohere://llm/v1/chat: tool call without id or function name');
  }
  const args = fn.arguments;
  return { id: raw.id, type: 'function', function: { name: fn.name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) } };
}

/** @see https://docs.cohere.com/v1/reference/generate#response */
function fromGenerate(body: Record<string, unknown>, generations: unknown[], ctx: DriverContext): OpenAIResponse {
  const choices = generations.map((g) => {
    const generation = isRecord(g) ? g : {};
    return { text: typeof generation.text === 'string' ? generation.text : '', finishReason: mapCohereFinishReason(generation.finish_reason ?? 'COMPLETE') };
  });
  return textCompletion(ctx, choices, ctx.model.name, convertCohereUsage(body.meta));
}

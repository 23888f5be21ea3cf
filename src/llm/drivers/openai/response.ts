import { LlmError } from '../../errors';
import type { DriverContext } from '../types';
import type { OpenAIResponse } from '../../types';
import { isRecord } from '../../is-record';

/**
 * An OpenAI-compatible answer passes through as it is, once its shape is checked: a body without
 * `choices` (chat, completions) or `data` (embeddings) is not a success, whatever the status said.
 * @see kong/llm/drivers/openai.lua transformers_from
 */
export function fromOpenAIBody(body: unknown, ctx: DriverContext): OpenAIResponse {
  const field = ctx.routeType === 'llm/v1/embeddings' ? 'data' : 'choices';
  if (!isRecord(body) || !Array.isArray(body[field])) {
    throw new LlmError(502, `transformation failed from type ${ctx.model.provider}://${ctx.routeType}: '${field}' not in ${ctx.routeType} response`);
  }
  return body as unknown as OpenAIResponse;
}

/** `{"error":{"message"}}` (OpenAI, Azure, most compatibles), `{"error":"..."}` or `{"message":"..."}`. */
export function openAIErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  if (typeof error === 'string') return error;
  if (typeof body.message === 'string') return body.message;
  return undefined;
}

import { LlmError } from '../../errors';
import { chatCompletion, textCompletion } from '../shared/openai-builders';
import type { DriverContext } from '../types';
import type { OpenAIResponse, ToolCall } from '../../types';
import { anthropicErrorMessage } from './error';
import { mapAnthropicStopReason } from './stop-reason';
import { isStructuredOutputTool } from './structured-output';
import { anthropicRouteType } from './url';
import { convertAnthropicUsage } from './usage';
import { isRecord } from './wire';

function notAResponse(ctx: DriverContext, field: string, body: unknown): LlmError {
  const said = anthropicErrorMessage(body);
  if (said !== undefined) return new LlmError(502, said);
  return new LlmError(502, `transformation failed from type anthropic://${ctx.routeType}: '${field}' not in anthropic://${ctx.routeType} response`);
}

function modelOf(body: Record<string, unknown>, ctx: DriverContext): string {
  return typeof body.model === 'string' && body.model !== '' ? body.model : ctx.model.name;
}

/**
 * A Messages or Text Completions response → OpenAI chat completion / text completion.
 * @see https://docs.anthropic.com/en/api/messages#response
 * @see https://docs.anthropic.com/en/api/complete
 * @see kong/llm/drivers/anthropic.lua transformers_from
 */
export function fromAnthropicBody(body: unknown, ctx: DriverContext): OpenAIResponse {
  const routeType = anthropicRouteType(ctx.routeType);
  if (!isRecord(body)) throw notAResponse(ctx, routeType === 'llm/v1/chat' ? 'content' : 'completion', body);
  switch (routeType) {
    case 'llm/v1/chat':
      return fromMessagesResponse(body, ctx);
    case 'llm/v1/completions':
      return fromCompleteResponse(body, ctx);
  }
}

function fromMessagesResponse(body: Record<string, unknown>, ctx: DriverContext): OpenAIResponse {
  if (!Array.isArray(body.content)) throw notAResponse(ctx, 'content', body);
  let text = '';
  let structured = false;
  const toolCalls: ToolCall[] = [];
  for (const block of body.content as unknown[]) {
    if (!isRecord(block)) continue;
    switch (block.type) {
      case 'text':
        // Citations split one answer into several text blocks; they read as one text.
        if (typeof block.text === 'string') text += block.text;
        break;
      case 'tool_use':
        if (typeof block.id !== 'string' || typeof block.name !== 'string') {
          throw new LlmError(502, 'transformation failed from type anthropic://llm/v1/chat: tool_use block without id or name');
        }
        if (isStructuredOutputTool(block.name)) {
          structured = true;
          text += JSON.stringify(block.input ?? {});
        } else {
          toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
        }
        break;
      default:
        // thinking, redacted_thinking and server-tool blocks have no place in an OpenAI chat message.
        break;
    }
  }
  const content = text === '' && toolCalls.length > 0 ? null : text;
  return chatCompletion(
    ctx,
    [{ content, toolCalls, finishReason: structured ? 'stop' : mapAnthropicStopReason(body.stop_reason) }],
    modelOf(body, ctx),
    convertAnthropicUsage(body.usage),
  );
}

/** The legacy endpoint reports no token counts. */
function fromCompleteResponse(body: Record<string, unknown>, ctx: DriverContext): OpenAIResponse {
  if (typeof body.completion !== 'string') throw notAResponse(ctx, 'completion', body);
  return textCompletion(ctx, [{ text: body.completion, finishReason: mapAnthropicStopReason(body.stop_reason) }], modelOf(body, ctx));
}

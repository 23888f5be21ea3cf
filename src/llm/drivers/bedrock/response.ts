import { LlmError } from '../../errors';
import type { OpenAIResponse, ToolCall } from '../../types';
import { chatCompletion } from '../shared/openai-builders';
import type { DriverContext } from '../types';
import { bedrockErrorMessage } from './error';
import { mapBedrockStopReason } from './stop-reason';
import { bedrockRouteType } from './url';
import { convertBedrockUsage } from './usage';
import { isRecord } from './wire';

function notAResponse(ctx: DriverContext, body: unknown): LlmError {
  const said = bedrockErrorMessage(body);
  if (said !== undefined) return new LlmError(502, said);
  return new LlmError(502, `transformation failed from type bedrock://${ctx.routeType}: 'output.message.content' not in bedrock://${ctx.routeType} response`);
}

/**
 * A Converse response → OpenAI chat completion: text blocks join into the content, `toolUse`
 * blocks become tool calls.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 * @see kong/llm/drivers/bedrock.lua from_bedrock_chat_openai
 */
export function fromBedrockBody(body: unknown, ctx: DriverContext): OpenAIResponse {
  bedrockRouteType(ctx.routeType);
  const output = isRecord(body) ? body.output : undefined;
  const message = isRecord(output) ? output.message : undefined;
  const content = isRecord(message) ? message.content : undefined;
  if (!isRecord(body) || !Array.isArray(content)) throw notAResponse(ctx, body);
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of content as unknown[]) {
    if (!isRecord(block)) continue;
    if (typeof block.text === 'string') text += block.text;
    else if (isRecord(block.toolUse)) {
      const use = block.toolUse;
      if (typeof use.toolUseId !== 'string' || typeof use.name !== 'string') {
        throw new LlmError(502, 'transformation failed from type bedrock://llm/v1/chat: toolUse block without toolUseId or name');
      }
      toolCalls.push({ id: use.toolUseId, type: 'function', function: { name: use.name, arguments: JSON.stringify(use.input ?? {}) } });
    }
    // reasoningContent, citations, guardContent: nothing an OpenAI chat message carries.
  }
  return chatCompletion(
    ctx,
    [{ content: text === '' && toolCalls.length > 0 ? null : text, toolCalls, finishReason: mapBedrockStopReason(body.stopReason) }],
    ctx.model.name,
    convertBedrockUsage(body.usage),
  );
}

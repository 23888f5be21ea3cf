import { LlmError } from '../../errors';
import type { DriverContext } from '../types';
import type { OpenAIResponse } from '../../types';
import { chatCompletion, type AssistantTurn } from '../shared/openai-builders';
import { answerModel, promptBlocked, readCandidates, toToolCall } from './candidate';
import { fromGeminiEmbed } from './embed';
import { mapGeminiFinishReason } from './finish-reason';
import { geminiRouteType } from './url';
import { convertGeminiUsage } from './usage';
import { isRecord } from './wire';

/** Kong's message for an answer without candidates. @see kong/llm/drivers/gemini.lua from_gemini_chat_openai */
const NO_CANDIDATES = 'no generation candidates received from Gemini, or max_tokens too short';

export function fromGeminiBody(body: unknown, ctx: DriverContext): OpenAIResponse {
  const routeType = geminiRouteType(ctx.routeType);
  if (!isRecord(body)) throw new LlmError(502, `transformation failed from type gemini://${routeType}: the answer is not a JSON object`);
  switch (routeType) {
    case 'llm/v1/chat':
      return fromGeminiGenerate(body, ctx);
    case 'llm/v1/embeddings':
      return fromGeminiEmbed(body, ctx);
  }
}

/**
 * A GenerateContentResponse → an OpenAI chat completion, one choice per candidate. A prompt
 * blocked before any candidate is one `content_filter` choice without content.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function fromGeminiGenerate(body: Record<string, unknown>, ctx: DriverContext): OpenAIResponse {
  const candidates = readCandidates(body) ?? [];
  let turns: AssistantTurn[];
  if (candidates.length > 0) {
    turns = [...candidates]
      .sort((a, b) => a.index - b.index)
      .map((c) => {
        const toolCalls = c.calls.map((call, n) => toToolCall(ctx, c.index, n, call));
        const calledFunctions = toolCalls.length > 0;
        return {
          content: c.text === '' && calledFunctions ? null : c.text,
          toolCalls,
          finishReason: mapGeminiFinishReason(c.finishReason ?? 'STOP', calledFunctions),
        };
      });
  } else if (promptBlocked(body)) {
    turns = [{ content: null, finishReason: 'content_filter' }];
  } else {
    throw new LlmError(502, NO_CANDIDATES);
  }
  return chatCompletion(ctx, turns, answerModel(body, ctx), convertGeminiUsage(body.usageMetadata));
}

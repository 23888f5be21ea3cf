import { asArray, type JsonObject } from '../../content';
import { answer, type Answer } from '../../echo';
import { jsonArrayParts } from '../../framing/json-array';
import { sseParts } from '../../framing/sse';
import { digest } from '../../ids';
import { isReply, json, stream } from '../../reply';
import type { Handler, MockRequest, Reply } from '../../types';
import { streamPieces } from '../../words';
import { bodyObject } from '../shared';
import { geminiConversation } from './conversation';
import { geminiError } from './errors';

/** @see https://ai.google.dev/api/generate-content#FinishReason */
function finishReason(result: Answer): string {
  return result.kind === 'text' && result.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
}

function usageMetadata(result: Answer): JsonObject {
  return { promptTokenCount: result.usage.prompt, candidatesTokenCount: result.usage.completion, totalTokenCount: result.usage.total };
}

function candidate(parts: JsonObject[], finish?: string): JsonObject {
  const out: JsonObject = { content: { parts, role: 'model' }, index: 0 };
  if (finish !== undefined) out.finishReason = finish;
  return out;
}

function parse(req: MockRequest): { body: JsonObject; result: Answer; meta: JsonObject } | Reply {
  const body = bodyObject(req);
  if (!body) return geminiError(400, 'Invalid JSON payload received.');
  if (asArray(body.contents).length === 0) return geminiError(400, '* GenerateContentRequest.contents: contents is not specified\n');
  const result = answer(geminiConversation(body));
  const meta = { modelVersion: req.params.model ?? 'gemini', responseId: digest(JSON.stringify(body), 22) };
  return { body, result, meta };
}

function answerParts(result: Answer): JsonObject[] {
  return result.kind === 'tool_call' ? [{ functionCall: { name: result.name, args: result.args } }] : [{ text: result.text }];
}

/**
 * `POST …/models/{model}:generateContent`: one GenerateContentResponse.
 * @see https://ai.google.dev/api/generate-content#method:-models.generatecontent
 */
export const generateContent: Handler = (req) => {
  const parsed = parse(req);
  if (isReply(parsed)) return parsed;
  const { result, meta } = parsed;
  return json(200, { candidates: [candidate(answerParts(result), finishReason(result))], usageMetadata: usageMetadata(result), ...meta });
};

/**
 * `POST …/models/{model}:streamGenerateContent`: GenerateContentResponse chunks, the last with
 * `finishReason` and the whole usage; `?alt=sse` sends them as SSE (`data: …` with CRLF), otherwise
 * as one JSON array written element by element.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export const streamGenerateContent: Handler = (req) => {
  const parsed = parse(req);
  if (isReply(parsed)) return parsed;
  const { result, meta } = parsed;
  const partial = { promptTokenCount: result.usage.prompt, totalTokenCount: result.usage.prompt };
  const chunks: JsonObject[] =
    result.kind === 'tool_call'
      ? []
      : streamPieces(result.text)
          .slice(0, -1)
          .map((piece) => ({ candidates: [candidate([{ text: piece }])], usageMetadata: partial, ...meta }));
  const lastPiece = result.kind === 'tool_call' ? answerParts(result) : [{ text: streamPieces(result.text).at(-1) ?? '' }];
  chunks.push({ candidates: [candidate(lastPiece, finishReason(result))], usageMetadata: usageMetadata(result), ...meta });
  if (req.query.get('alt') === 'sse') return stream('text/event-stream', sseParts(chunks.map((data) => ({ data })), '\r\n'));
  return stream('application/json; charset=UTF-8', jsonArrayParts(chunks));
};

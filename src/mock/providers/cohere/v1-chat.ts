import { asArray, isObject, resultText, str, type JsonObject } from '../../content';
import { answer, type Answer, type Conversation, type ToolChoice } from '../../echo';
import { ndjsonParts } from '../../framing/ndjson';
import { digest } from '../../ids';
import { json, stream } from '../../reply';
import type { Handler } from '../../types';
import { streamPieces } from '../../words';
import { bodyObject, stopList, tokenLimit } from '../shared';
import { billedUnits, cohereError } from './errors';
import { v1ToolSpec } from './tools';

/** Cohere v1's stream content type (JSON lines). */
export const COHERE_V1_STREAM = 'application/stream+json';

/** @see https://docs.cohere.com/v1/reference/chat */
function v1Conversation(body: JsonObject): Conversation {
  const history = asArray(body.chat_history).filter(isObject);
  const toolResults = asArray(body.tool_results).filter(isObject);
  const message = str(body.message) ?? '';
  const resultsText = toolResults.map((r) => resultText(r.outputs)).join(' ');
  return {
    promptTexts: [str(body.preamble) ?? '', ...history.map((h) => str(h.message) ?? ''), message, resultsText],
    last: toolResults.length > 0 ? { from: 'tool', text: resultsText } : { from: 'user', text: message },
    tools: asArray(body.tools)
      .filter(isObject)
      .flatMap((t) => v1ToolSpec(t) ?? []),
    toolChoice: cohereToolChoice(body.tool_choice),
    maxTokens: tokenLimit(body.max_tokens),
    stop: stopList(body.stop_sequences),
  };
}

/** `REQUIRED` / `NONE` (v1 and v2). */
export function cohereToolChoice(value: unknown): ToolChoice | undefined {
  if (value === 'REQUIRED') return 'required';
  if (value === 'NONE') return 'none';
  return undefined;
}

/** @see https://docs.cohere.com/v1/reference/chat#response.body.finish_reason */
export function cohereFinishReason(result: Answer): string {
  if (result.kind === 'tool_call') return 'COMPLETE';
  if (result.finish === 'length') return 'MAX_TOKENS';
  return result.stopSequence !== undefined ? 'STOP_SEQUENCE' : 'COMPLETE';
}

/**
 * `POST /v1/chat`: `{text, generation_id, chat_history, finish_reason, meta}` (or `tool_calls`),
 * streamed as JSON lines stream-start, text-generation | tool-calls-generation, stream-end.
 * @see https://docs.cohere.com/v1/reference/chat-stream
 */
export const v1Chat: Handler = (req) => {
  const body = bodyObject(req);
  if (!body) return cohereError(400, 'invalid request: body must be a JSON object');
  if (typeof body.message !== 'string') return cohereError(400, 'invalid request: message must be a string');
  const result = answer(v1Conversation(body));
  const seed = JSON.stringify(body);
  const generationId = digest(`generation\n${seed}`, 32);
  const text = result.kind === 'text' ? result.text : '';
  const history = [...asArray(body.chat_history).filter(isObject), { role: 'USER', message: body.message }, { role: 'CHATBOT', message: text }];
  const response: JsonObject = {
    response_id: digest(`response\n${seed}`, 32),
    text,
    generation_id: generationId,
    chat_history: history,
    finish_reason: cohereFinishReason(result),
    meta: { api_version: { version: '1' }, ...billedUnits(result.usage) },
  };
  const toolCalls = result.kind === 'tool_call' ? [{ name: result.name, parameters: result.args }] : undefined;
  if (toolCalls) response.tool_calls = toolCalls;
  if (body.stream !== true) return json(200, response);
  const lines: JsonObject[] = [{ is_finished: false, event_type: 'stream-start', generation_id: generationId }];
  if (toolCalls) lines.push({ is_finished: false, event_type: 'tool-calls-generation', text: '', tool_calls: toolCalls });
  for (const piece of streamPieces(text)) lines.push({ is_finished: false, event_type: 'text-generation', text: piece });
  lines.push({ is_finished: true, event_type: 'stream-end', response, finish_reason: response.finish_reason ?? 'COMPLETE' });
  return stream(COHERE_V1_STREAM, ndjsonParts(lines));
};

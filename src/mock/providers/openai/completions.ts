import { isObject, type JsonObject } from '../../content';
import { answerPrompt, type Answer } from '../../echo';
import { sseParts, type SseEvent } from '../../framing/sse';
import { digest, nowSeconds } from '../../ids';
import { json, stream } from '../../reply';
import type { Handler, MockRequest } from '../../types';
import { streamPieces } from '../../words';
import { bodyObject, modelName, stopList, tokenLimit, type ErrorReply } from '../shared';
import { openaiUsage } from './chat';
import type { OpenAIFlavor } from './flavor';

/** The legacy completions endpoint answers 16 tokens when `max_tokens` is not given. */
const DEFAULT_MAX_TOKENS = 16;

/**
 * `POST …/completions` (legacy): `text_completion` objects, JSON or SSE ending with `[DONE]`.
 * A prompt array answers its first prompt (the mock serves one choice).
 * @see https://platform.openai.com/docs/api-reference/completions/object
 */
export function completionsHandler(flavor: OpenAIFlavor, error: ErrorReply, fallbackModel: (req: MockRequest) => string): Handler {
  return (req) => {
    const body = bodyObject(req);
    if (!body) return error(400, 'We could not parse the JSON body of your request.');
    if (flavor.requiresModel && typeof body.model !== 'string') return error(400, 'you must provide a model parameter');
    const prompt = Array.isArray(body.prompt) ? body.prompt[0] : body.prompt;
    if (typeof prompt !== 'string') return error(400, "Missing required parameter: 'prompt'.");
    const result = answerPrompt(prompt, tokenLimit(body.max_tokens) ?? DEFAULT_MAX_TOKENS, stopList(body.stop));
    const meta = { id: `cmpl-${digest(JSON.stringify(body), 24)}`, created: nowSeconds(), model: modelName(body, fallbackModel(req)) };
    const text = result.kind === 'text' ? result.text : result.argsJson;
    const finish = result.kind === 'text' ? result.finish : 'stop';
    const envelope = { id: meta.id, object: 'text_completion', created: meta.created, model: meta.model };
    if (body.stream !== true) {
      return json(200, { ...envelope, choices: [{ text, index: 0, logprobs: null, finish_reason: finish }], usage: openaiUsage(result) });
    }
    const includeUsage = flavor.streamUsage === 'last-chunk' || (isObject(body.stream_options) && body.stream_options.include_usage === true);
    return stream('text/event-stream; charset=utf-8', sseParts(completionChunks(result, envelope, text, finish, includeUsage)));
  };
}

function completionChunks(result: Answer, envelope: JsonObject, text: string, finish: string, includeUsage: boolean): SseEvent[] {
  const choice = (piece: string, finishReason: string | null): JsonObject => ({ text: piece, index: 0, logprobs: null, finish_reason: finishReason });
  const events: SseEvent[] = streamPieces(text).map((piece) => ({ data: { ...envelope, choices: [choice(piece, null)] } }));
  events.push({ data: { ...envelope, choices: [choice('', finish)] } });
  if (includeUsage) events.push({ data: { ...envelope, choices: [], usage: openaiUsage(result) } });
  events.push({ data: '[DONE]' });
  return events;
}

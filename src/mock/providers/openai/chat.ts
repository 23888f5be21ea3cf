import { isObject, type JsonObject } from '../../content';
import { answer, type Answer } from '../../echo';
import { sseParts, type SseEvent } from '../../framing/sse';
import { digest, nowSeconds } from '../../ids';
import { json, stream } from '../../reply';
import type { Handler, MockRequest } from '../../types';
import { fixedPieces, streamPieces } from '../../words';
import { bodyObject, modelName, type ErrorReply } from '../shared';
import { chatConversation } from './conversation';
import { contentFilterResults, promptFilterResults, type OpenAIFlavor } from './flavor';

/**
 * `POST …/chat/completions` in OpenAI's shape: one `chat.completion`, or `chat.completion.chunk`
 * SSE events ending with `data: [DONE]`.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 */
export function chatCompletionsHandler(flavor: OpenAIFlavor, error: ErrorReply, fallbackModel: (req: MockRequest) => string): Handler {
  return (req) => {
    const body = bodyObject(req);
    if (!body) return error(400, 'We could not parse the JSON body of your request.');
    if (flavor.requiresModel && typeof body.model !== 'string') return error(400, 'you must provide a model parameter');
    if (!Array.isArray(body.messages)) return error(400, "Missing required parameter: 'messages'.");
    if (body.messages.length === 0) {
      return error(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.");
    }
    const result = answer(chatConversation(body));
    const meta: ChatMeta = {
      id: `chatcmpl-${digest(JSON.stringify(body), 24)}`,
      created: nowSeconds(),
      model: modelName(body, fallbackModel(req)),
      flavor,
    };
    if (body.stream !== true) return json(200, chatCompletion(result, meta));
    const includeUsage = flavor.streamUsage === 'last-chunk' || (isObject(body.stream_options) && body.stream_options.include_usage === true);
    return stream('text/event-stream; charset=utf-8', sseParts(chatChunks(result, meta, includeUsage)));
  };
}

interface ChatMeta {
  id: string;
  created: number;
  model: string;
  flavor: OpenAIFlavor;
}

export function openaiUsage(result: Answer): JsonObject {
  return { prompt_tokens: result.usage.prompt, completion_tokens: result.usage.completion, total_tokens: result.usage.total };
}

function toolCall(result: Extract<Answer, { kind: 'tool_call' }>, flavor: OpenAIFlavor): JsonObject {
  return { id: flavor.toolCallId(result.id), type: 'function', function: { name: result.name, arguments: result.argsJson } };
}

function finishReason(result: Answer): string {
  return result.kind === 'tool_call' ? 'tool_calls' : result.finish;
}

function envelope(meta: ChatMeta, object: string): JsonObject {
  const out: JsonObject = { id: meta.id, object, created: meta.created, model: meta.model };
  if (meta.flavor.systemFingerprint !== undefined) out.system_fingerprint = meta.flavor.systemFingerprint;
  return out;
}

function chatCompletion(result: Answer, meta: ChatMeta): JsonObject {
  const message: JsonObject =
    result.kind === 'tool_call'
      ? { role: 'assistant', content: null, tool_calls: [toolCall(result, meta.flavor)], refusal: null }
      : { role: 'assistant', content: result.text, refusal: null };
  const choice: JsonObject = { index: 0, message, logprobs: null, finish_reason: finishReason(result) };
  if (meta.flavor.contentFilter) choice.content_filter_results = contentFilterResults() as JsonObject;
  const out: JsonObject = { ...envelope(meta, 'chat.completion'), choices: [choice], usage: openaiUsage(result) };
  if (meta.flavor.contentFilter) out.prompt_filter_results = promptFilterResults() as JsonObject[];
  return out;
}

function chatChunks(result: Answer, meta: ChatMeta, includeUsage: boolean): SseEvent[] {
  const onRequest = meta.flavor.streamUsage === 'on-request' && includeUsage;
  const chunk = (delta: JsonObject, finish: string | null = null, extra: JsonObject = {}): SseEvent => {
    const data: JsonObject = {
      ...envelope(meta, 'chat.completion.chunk'),
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    };
    if (onRequest) data.usage = null;
    return { data };
  };
  const events: SseEvent[] = [];
  // Azure announces the prompt's filter results first, in a chunk without choices.
  if (meta.flavor.contentFilter) {
    events.push({ data: { id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: promptFilterResults() as JsonObject[] } });
  }
  if (result.kind === 'tool_call') {
    const call = toolCall(result, meta.flavor);
    const fn = call.function as JsonObject;
    events.push(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: call.id ?? null, type: 'function', function: { name: fn.name ?? null, arguments: '' } }] }));
    for (const piece of fixedPieces(result.argsJson)) events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
  } else {
    events.push(chunk({ role: 'assistant', content: '', refusal: null }));
    for (const piece of streamPieces(result.text)) events.push(chunk({ content: piece }));
  }
  const usageOnLast: JsonObject = meta.flavor.streamUsage === 'last-chunk' ? { usage: openaiUsage(result) } : {};
  events.push(chunk({}, finishReason(result), usageOnLast));
  if (onRequest) events.push({ data: { ...envelope(meta, 'chat.completion.chunk'), choices: [], usage: openaiUsage(result) } });
  events.push({ data: '[DONE]' });
  return events;
}

import { isObject, str, type JsonObject } from '../content';
import { answer, answerPrompt, type Answer } from '../echo';
import { embed, embeddingInputs, requestedDimensions } from '../embedding';
import { ndjsonParts } from '../framing/ndjson';
import { isReply, json, stream } from '../reply';
import type { Handler, MockProvider, MockRequest, Reply, RouteDef } from '../types';
import { countWords, streamPieces } from '../words';
import { chatConversation } from './openai/conversation';
import { bodyObject, stopList, tokenLimit } from './shared';

/**
 * Ollama's API (`http://localhost:11434`): no credential, `{"error": "..."}` errors, and streams
 * of JSON lines — streaming is the default unless the body says `"stream": false`.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */
export function ollamaError(status: number, message?: string): Reply {
  return json(status, { error: message ?? defaultMessage(status) });
}

function defaultMessage(status: number): string {
  switch (status) {
    case 400:
      return 'invalid request';
    case 404:
      return 'model not found, try pulling it first';
    case 429:
      return 'server busy, please try again. maximum pending requests exceeded';
    case 500:
      return 'llama runner process has terminated: exit status 2';
    default:
      return `request failed with status ${status}`;
  }
}

const NDJSON = 'application/x-ndjson';

/** Ollama reports nanoseconds; the mock's are a fixed 1 ms per word so they are predictable. */
function timings(result: Answer): JsonObject {
  const ms = 1_000_000;
  return {
    total_duration: (result.usage.prompt + result.usage.completion + 1) * ms,
    load_duration: ms,
    prompt_eval_count: result.usage.prompt,
    prompt_eval_duration: result.usage.prompt * ms,
    eval_count: result.usage.completion,
    eval_duration: result.usage.completion * ms,
  };
}

function doneReason(result: Answer): string {
  return result.kind === 'text' ? result.finish : 'stop';
}

function ollamaOptions(body: JsonObject): JsonObject {
  return isObject(body.options) ? body.options : {};
}

function ollamaRequest(req: MockRequest): { body: JsonObject; model: string } | Reply {
  const body = bodyObject(req);
  if (!body) return ollamaError(400, 'invalid character looking for beginning of value');
  const model = str(body.model);
  return model === undefined || model === '' ? ollamaError(400, 'model is required') : { body, model };
}

/** `POST /api/chat`. @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion */
const chat: Handler = (req) => {
  const parsed = ollamaRequest(req);
  if (isReply(parsed)) return parsed;
  const { body, model } = parsed;
  const options = ollamaOptions(body);
  const result = answer({ ...chatConversation(body), maxTokens: tokenLimit(options.num_predict), stop: stopList(options.stop) });
  const createdAt = new Date().toISOString();
  const message: JsonObject =
    result.kind === 'tool_call'
      ? { role: 'assistant', content: '', tool_calls: [{ function: { name: result.name, arguments: result.args } }] }
      : { role: 'assistant', content: result.text };
  const last = { model, created_at: createdAt, message: { role: 'assistant', content: '' }, done_reason: doneReason(result), done: true, ...timings(result) };
  if (body.stream === false) return json(200, { ...last, message });
  const lines: JsonObject[] =
    result.kind === 'tool_call'
      ? [{ model, created_at: createdAt, message, done: false }]
      : streamPieces(result.text).map((piece) => ({ model, created_at: createdAt, message: { role: 'assistant', content: piece }, done: false }));
  return stream(NDJSON, ndjsonParts([...lines, last]));
};

/** `POST /api/generate`. @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-completion */
const generate: Handler = (req) => {
  const parsed = ollamaRequest(req);
  if (isReply(parsed)) return parsed;
  const { body, model } = parsed;
  const options = ollamaOptions(body);
  const result = answerPrompt(str(body.prompt) ?? '', tokenLimit(options.num_predict), stopList(options.stop));
  const text = result.kind === 'text' ? result.text : result.argsJson;
  const createdAt = new Date().toISOString();
  const last = { model, created_at: createdAt, response: '', done: true, done_reason: doneReason(result), context: [1, 2, 3], ...timings(result) };
  if (body.stream === false) return json(200, { ...last, response: text });
  const lines = streamPieces(text).map((piece) => ({ model, created_at: createdAt, response: piece, done: false }));
  return stream(NDJSON, ndjsonParts([...lines, last]));
};

/** `POST /api/embed` (`input`: one or many) and the older `POST /api/embeddings` (`prompt`: one). */
const embedMany: Handler = (req) => {
  const parsed = ollamaRequest(req);
  if (isReply(parsed)) return parsed;
  const { body, model } = parsed;
  const inputs = embeddingInputs(body.input);
  const dimensions = requestedDimensions(body.dimensions);
  return json(200, {
    model,
    embeddings: inputs.map((t) => embed(t, dimensions)),
    total_duration: 1_000_000,
    load_duration: 1_000_000,
    prompt_eval_count: countWords(inputs),
  });
};

const embedOne: Handler = (req) => {
  const parsed = ollamaRequest(req);
  if (isReply(parsed)) return parsed;
  const { body } = parsed;
  return json(200, { embedding: embed(str(body.prompt) ?? '') });
};

/** Ollama's routes, also served (open) under Mistral and Llama2 for their `ollama` formats. */
export const OLLAMA_ROUTES: RouteDef[] = [
  { method: 'POST', path: '/api/chat', handle: chat, open: true },
  { method: 'POST', path: '/api/generate', handle: generate, open: true },
  { method: 'POST', path: '/api/embed', handle: embedMany, open: true },
  { method: 'POST', path: '/api/embeddings', handle: embedOne, open: true },
];

export const ollamaProvider: MockProvider = {
  name: 'ollama',
  bare: true,
  routes: OLLAMA_ROUTES,
  authenticate: () => undefined,
  error: ollamaError,
};

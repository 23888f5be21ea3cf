import { bearer, header, keyInParams } from '../auth';
import { asArray, isObject, str, type JsonObject } from '../content';
import { answerPrompt, type Answer } from '../echo';
import { embed } from '../embedding';
import { sseParts } from '../framing/sse';
import { json, stream } from '../reply';
import type { Handler, MockProvider, MockRequest, Reply } from '../types';
import { streamPieces } from '../words';
import { chatCompletionsHandler } from './openai/chat';
import { HUGGINGFACE_FLAVOR } from './openai/flavor';
import { bodyObject, stopList, tokenLimit } from './shared';

/**
 * Hugging Face's serverless inference API (`https://api-inference.huggingface.co/models/{model}`),
 * as Kong's `huggingface` driver calls it: chat on `/models/{model}/v1/chat/completions` (TGI's
 * OpenAI-compatible messages API, also at `/huggingface/v1/chat/completions`), and on
 * `/models/{model}` the model's task — which the real API knows from the model, and the mock
 * infers from the body:
 * - feature-extraction when `inputs` is a list, or when the body has neither `parameters` nor
 *   `stream` (Kong and our driver always send `parameters` for text generation): a vector for a
 *   string, vectors for a list; `/pipeline/feature-extraction/{model}` always takes this task;
 * - text generation otherwise: `[{generated_text}]` (plus `details` when `parameters.details` is
 *   true), or TGI's token SSE with `"stream": true`.
 * Model ids have an owner (`meta-llama/Llama-2-7b-chat-hf`), so both one- and two-segment ids match.
 *
 * `x-mock-hf-loading: <seconds>` makes a `/models/{model}` call answer 503 "Model … is currently
 * loading" with that `estimated_time`, unless the request waits for the model
 * (`options.wait_for_model: true` in the body or an `x-wait-for-model: true` header).
 * @see https://huggingface.co/docs/api-inference/detailed_parameters#text-generation-task
 * @see https://huggingface.co/docs/api-inference/tasks/feature-extraction
 * @see https://huggingface.co/docs/text-generation-inference/messages_api
 */
export function huggingfaceError(status: number, message?: string, extra: JsonObject = {}): Reply {
  return json(status, { error: message ?? defaultMessage(status), ...extra });
}

function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return 'Invalid credentials in Authorization header';
    case 404:
      return 'Model not found';
    case 429:
      return 'Rate limit reached. You reached free usage limit (reset hourly). Please subscribe to a plan at https://huggingface.co/pricing to use the API at this rate';
    case 503:
      return 'Service Unavailable';
    default:
      return status >= 500 ? 'Internal Server Error' : 'Bad Request';
  }
}

function huggingfaceAuthenticate(req: MockRequest): Reply | undefined {
  return bearer(req) === req.key || keyInParams(req) ? undefined : huggingfaceError(401);
}

function modelId(req: MockRequest): string {
  return [req.params.owner, req.params.model].filter((p): p is string => p !== undefined).join('/');
}

function loadingSeconds(req: MockRequest, body: JsonObject): number | undefined {
  const raw = header(req, 'x-mock-hf-loading');
  if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw.trim())) return undefined;
  const waits = (isObject(body.options) && body.options.wait_for_model === true) || header(req, 'x-wait-for-model')?.toLowerCase() === 'true';
  return waits ? undefined : Number(raw.trim());
}

/** TGI's finish reasons. @see https://huggingface.co/docs/text-generation-inference/reference/api_reference */
function tgiFinishReason(result: Answer): 'length' | 'eos_token' | 'stop_sequence' {
  if (result.kind === 'text' && result.finish === 'length') return 'length';
  return result.kind === 'text' && result.stopSequence !== undefined ? 'stop_sequence' : 'eos_token';
}

function isFeatureExtraction(body: JsonObject): boolean {
  return Array.isArray(body.inputs) || (body.parameters === undefined && body.stream === undefined);
}

/** Feature extraction: `number[]` for one text, `number[][]` for several. */
function featureExtraction(body: JsonObject): Reply {
  if (typeof body.inputs === 'string') return json(200, embed(body.inputs));
  const texts = asArray(body.inputs);
  if (texts.length === 0 || !texts.every((t): t is string => typeof t === 'string')) {
    return huggingfaceError(400, 'Input should be a valid string or a list of strings');
  }
  return json(200, texts.map((t) => embed(t)));
}

/** `POST /models/{model}` and `/pipeline/feature-extraction/{model}`: the model's task. */
function modelTask(forcedFeatureExtraction: boolean): Handler {
  return (req) => {
    const body = bodyObject(req);
    if (!body) return huggingfaceError(400, 'Input should be a valid dictionary');
    const loading = loadingSeconds(req, body);
    if (loading !== undefined) return huggingfaceError(503, `Model ${modelId(req)} is currently loading`, { estimated_time: loading });
    return forcedFeatureExtraction || isFeatureExtraction(body) ? featureExtraction(body) : textGeneration(body);
  };
}

function textGeneration(body: JsonObject): Reply {
  const inputs = str(body.inputs);
  if (inputs === undefined) return huggingfaceError(400, 'Input should be a valid string');
  const parameters = isObject(body.parameters) ? body.parameters : {};
  const result = answerPrompt(inputs, tokenLimit(parameters.max_new_tokens), stopList(parameters.stop));
  const text = result.kind === 'text' ? result.text : result.argsJson;
  const generated = parameters.return_full_text === true ? `${inputs} ${text}` : text;
  const finishReason = tgiFinishReason(result);
  const details = { finish_reason: finishReason, generated_tokens: result.usage.completion, seed: null };
  if (body.stream !== true && parameters.stream !== true) {
    return json(200, [parameters.details === true ? { generated_text: generated, details } : { generated_text: generated }]);
  }
  // TGI: one event per token, the last also carrying the whole text and details.
  const pieces = streamPieces(text);
  const events = pieces.map((piece, i) => {
    const last = i === pieces.length - 1;
    return {
      data: {
        index: i + 1,
        token: { id: i + 1, text: piece, logprob: 0, special: false },
        generated_text: last ? generated : null,
        details: last ? details : null,
      },
    };
  });
  return stream('text/event-stream', sseParts(events));
}

const chat = chatCompletionsHandler(HUGGINGFACE_FLAVOR, huggingfaceError, (req) => modelId(req) || 'tgi');

export const huggingfaceProvider: MockProvider = {
  name: 'huggingface',
  bare: true,
  routes: [
    { method: 'POST', path: '/models/{owner}/{model}/v1/chat/completions', handle: chat },
    { method: 'POST', path: '/models/{model}/v1/chat/completions', handle: chat },
    { method: 'POST', path: '/models/{owner}/{model}', handle: modelTask(false) },
    { method: 'POST', path: '/models/{model}', handle: modelTask(false) },
    { method: 'POST', path: '/pipeline/feature-extraction/{owner}/{model}', handle: modelTask(true) },
    { method: 'POST', path: '/pipeline/feature-extraction/{model}', handle: modelTask(true) },
    { method: 'POST', path: '/v1/chat/completions', handle: chat, bare: false },
  ],
  authenticate: huggingfaceAuthenticate,
  error: (status, message) => huggingfaceError(status, message),
};

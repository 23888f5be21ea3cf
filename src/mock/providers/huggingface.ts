import { bearer, header, keyInParams } from '../auth';
import { isObject, str, type JsonObject } from '../content';
import { answerPrompt } from '../echo';
import { sseParts } from '../framing/sse';
import { json, stream } from '../reply';
import type { Handler, MockProvider, MockRequest, Reply } from '../types';
import { streamPieces } from '../words';
import { chatCompletionsHandler } from './openai/chat';
import { HUGGINGFACE_FLAVOR } from './openai/flavor';
import { bodyObject, stopList, tokenLimit } from './shared';

/**
 * Hugging Face's serverless inference API (`https://api-inference.huggingface.co/models/{model}`),
 * as Kong's `huggingface` driver calls it: text generation on `/models/{model}` (`[{generated_text}]`,
 * or TGI's token SSE with `"stream": true`) and chat on `/models/{model}/v1/chat/completions`
 * (TGI's OpenAI-compatible messages API, also at `/huggingface/v1/chat/completions`).
 * Model ids have an owner (`meta-llama/Llama-2-7b-chat-hf`), so both one- and two-segment ids match.
 *
 * `x-mock-hf-loading: <seconds>` makes a text-generation call answer 503 "Model … is currently
 * loading" with that `estimated_time`, unless the request waits for the model
 * (`options.wait_for_model: true` in the body or an `x-wait-for-model: true` header).
 * @see https://huggingface.co/docs/api-inference/detailed_parameters#text-generation-task
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

/** `POST /models/{model}`: text generation. */
const textGeneration: Handler = (req) => {
  const body = bodyObject(req);
  const inputs = body ? str(body.inputs) : undefined;
  if (!body || inputs === undefined) return huggingfaceError(400, 'Input should be a valid string');
  const model = modelId(req);
  const loading = loadingSeconds(req, body);
  if (loading !== undefined) return huggingfaceError(503, `Model ${model} is currently loading`, { estimated_time: loading });
  const parameters = isObject(body.parameters) ? body.parameters : {};
  const result = answerPrompt(inputs, tokenLimit(parameters.max_new_tokens), stopList(parameters.stop));
  const text = result.kind === 'text' ? result.text : result.argsJson;
  const generated = parameters.return_full_text === true ? `${inputs} ${text}` : text;
  if (body.stream !== true && parameters.stream !== true) return json(200, [{ generated_text: generated }]);
  // TGI: one event per token, the last also carrying the whole text and details.
  const pieces = streamPieces(text);
  const finishReason = result.kind === 'text' && result.finish === 'length' ? 'length' : 'eos_token';
  const events = pieces.map((piece, i) => {
    const last = i === pieces.length - 1;
    return {
      data: {
        index: i + 1,
        token: { id: i + 1, text: piece, logprob: 0, special: false },
        generated_text: last ? generated : null,
        details: last ? { finish_reason: finishReason, generated_tokens: pieces.length, seed: null } : null,
      },
    };
  });
  return stream('text/event-stream', sseParts(events));
};

const chat = chatCompletionsHandler(HUGGINGFACE_FLAVOR, huggingfaceError, (req) => modelId(req) || 'tgi');

export const huggingfaceProvider: MockProvider = {
  name: 'huggingface',
  bare: true,
  routes: [
    { method: 'POST', path: '/models/{owner}/{model}/v1/chat/completions', handle: chat },
    { method: 'POST', path: '/models/{model}/v1/chat/completions', handle: chat },
    { method: 'POST', path: '/models/{owner}/{model}', handle: textGeneration },
    { method: 'POST', path: '/models/{model}', handle: textGeneration },
    { method: 'POST', path: '/v1/chat/completions', handle: chat, bare: false },
  ],
  authenticate: huggingfaceAuthenticate,
  error: (status, message) => huggingfaceError(status, message),
};

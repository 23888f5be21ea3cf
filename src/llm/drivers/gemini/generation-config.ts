import { badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import { stopSequences } from '../shared/openai-builders';
import type { GeminiGenerationConfig } from './wire';
import { isRecord } from './wire';

/**
 * The OpenAI sampling and output fields → Gemini's `generationConfig`. `max_completion_tokens`
 * (OpenAI's newer name) wins over `max_tokens`; `n` asks for that many candidates.
 * Fields with no Gemini counterpart (logprobs, user, …) are not sent, as in Kong.
 * @see https://ai.google.dev/api/generate-content#generationconfig
 * @see kong/llm/drivers/gemini.lua to_gemini_generation_config
 */
export function generationConfig(req: OpenAIRequest): GeminiGenerationConfig | undefined {
  const out: GeminiGenerationConfig = {};
  if (typeof req.temperature === 'number') out.temperature = req.temperature;
  if (typeof req.top_p === 'number') out.topP = req.top_p;
  if (typeof req.top_k === 'number') out.topK = req.top_k;
  const max = typeof req.max_completion_tokens === 'number' ? req.max_completion_tokens : req.max_tokens;
  if (typeof max === 'number') out.maxOutputTokens = max;
  const stop = stopSequences(req.stop);
  if (stop !== undefined && stop.length > 0) out.stopSequences = stop;
  if (typeof req.n === 'number') out.candidateCount = req.n;
  if (typeof req.presence_penalty === 'number') out.presencePenalty = req.presence_penalty;
  if (typeof req.frequency_penalty === 'number') out.frequencyPenalty = req.frequency_penalty;
  if (typeof req.seed === 'number') out.seed = req.seed;
  Object.assign(out, responseFormat(req.response_format));
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * `response_format`: `json_object` asks for JSON, `json_schema` for JSON of that schema.
 * @see https://ai.google.dev/gemini-api/docs/structured-output
 */
function responseFormat(format: unknown): Pick<GeminiGenerationConfig, 'responseMimeType' | 'responseSchema'> {
  if (format === undefined || format === null) return {};
  if (!isRecord(format)) throw badRequest("'response_format' must be an object");
  switch (format.type) {
    case 'text':
      return {};
    case 'json_object':
      return { responseMimeType: 'application/json' };
    case 'json_schema': {
      const schema = isRecord(format.json_schema) ? format.json_schema.schema : undefined;
      if (!isRecord(schema)) throw badRequest("'response_format.json_schema.schema' must be an object");
      return { responseMimeType: 'application/json', responseSchema: schema };
    }
    default:
      throw badRequest(`'response_format.type' '${String(format.type)}' is not supported by gemini (use text, json_object or json_schema)`);
  }
}

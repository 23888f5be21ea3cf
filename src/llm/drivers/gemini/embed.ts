import { badRequest, LlmError } from '../../errors';
import type { DriverContext } from '../types';
import type { Embeddings, OpenAIRequest } from '../../types';
import type { GeminiBatchEmbedRequest } from './wire';
import { isRecord } from './wire';

/**
 * OpenAI embeddings → `batchEmbedContents`: one request per input text, each naming the model;
 * `dimensions` (or `model.options.embeddings_dimensions`) becomes `outputDimensionality`.
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
export function toGeminiEmbed(req: OpenAIRequest, ctx: DriverContext): GeminiBatchEmbedRequest {
  const dimensions = req.dimensions ?? ctx.model.options.embeddings_dimensions;
  const model = `models/${ctx.model.name}`;
  return {
    requests: embedInputs(req.input).map((text) => ({
      model,
      content: { parts: [{ text }] },
      ...(typeof dimensions === 'number' ? { outputDimensionality: dimensions } : {}),
    })),
  };
}

function embedInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((s) => typeof s === 'string')) return input as string[];
  throw badRequest("'input' must be a string or a non-empty array of strings for gemini (token arrays are not supported)");
}

/**
 * `{"embeddings":[{"values":[…]}]}` → OpenAI embeddings. Gemini reports no token count, so no
 * usage is claimed (the gateway estimates it).
 * @see https://ai.google.dev/api/embeddings#response-body_1
 */
export function fromGeminiEmbed(body: Record<string, unknown>, ctx: DriverContext): Embeddings {
  const list = body.embeddings;
  if (!Array.isArray(list)) throw new LlmError(502, "transformation failed from type gemini://llm/v1/embeddings: 'embeddings' not in the gemini response");
  const vectors = list.map((item: unknown, i) => {
    const values = isRecord(item) ? item.values : undefined;
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new LlmError(502, `transformation failed from type gemini://llm/v1/embeddings: embeddings[${i}].values is not an array of numbers`);
    }
    return values as number[];
  });
  return { object: 'list', data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })), model: ctx.model.name };
}

import { badRequest, LlmError } from '../../errors';
import type { DriverContext } from '../types';
import type { CohereOptions, Embeddings, OpenAIRequest } from '../../types';
import { embeddings } from '../shared/openai-builders';
import type { CohereApiVersion } from './url';
import { isRecord } from './wire';

/** Kong's schema default for `model.options.cohere.embedding_input_type`. */
export const COHERE_DEFAULT_INPUT_TYPE: NonNullable<CohereOptions['embedding_input_type']> = 'classification';

/**
 * OpenAI embeddings → Cohere embed. Inputs are `texts`, or `images` (data URLs) when the configured
 * input type is `image`; floats are always asked for (`embedding_types`), so v1 and v2 answer alike.
 * `dimensions` becomes v2's `output_dimension` (v1 has none).
 * @see https://docs.cohere.com/reference/embed
 * @see https://docs.cohere.com/v1/reference/embed
 */
export function toCohereEmbed(req: OpenAIRequest, ctx: DriverContext, version: CohereApiVersion): Record<string, unknown> {
  const inputs = embedInputs(req.input);
  const inputType = ctx.model.options.cohere?.embedding_input_type ?? COHERE_DEFAULT_INPUT_TYPE;
  const body: Record<string, unknown> = {
    model: ctx.model.name,
    [inputType === 'image' ? 'images' : 'texts']: inputs,
    input_type: inputType,
    embedding_types: ['float'],
  };
  const dimensions = req.dimensions ?? ctx.model.options.embeddings_dimensions;
  if (version === 'v2' && dimensions !== undefined && dimensions !== null) body.output_dimension = dimensions;
  return body;
}

function embedInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((s) => typeof s === 'string')) return input as string[];
  throw badRequest("'input' must be a string or a non-empty array of strings for cohere (token arrays are not supported)");
}

/**
 * Cohere embed → OpenAI embeddings (float vectors). Vectors are `embeddings.float` (asked for by
 * type) or, from a v1 endpoint answering in its default shape, `embeddings` itself.
 */
export function fromCohereEmbed(body: Record<string, unknown>, ctx: DriverContext): Embeddings {
  const raw = isRecord(body.embeddings) ? body.embeddings.float : body.embeddings;
  if (!Array.isArray(raw) || !raw.every((v) => Array.isArray(v) && v.every((x) => typeof x === 'number'))) {
    throw new LlmError(502, "transformation failed from type cohere://llm/v1/embeddings: 'embeddings' not in cohere://llm/v1/embeddings response");
  }
  const vectors = raw as number[][];
  const meta = isRecord(body.meta) ? body.meta : {};
  const billed = isRecord(meta.billed_units) ? meta.billed_units : {};
  const promptTokens = typeof billed.input_tokens === 'number' ? billed.input_tokens : 0;
  return embeddings(vectors, ctx.model.name, promptTokens);
}

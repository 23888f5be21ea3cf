import type { OpenAIRequest } from '../../types';
import { toOpenAIBody } from '../openai';
import type { DriverContext, UpstreamBody } from '../types';

/**
 * OpenAI request → Mistral's OpenAI-compatible body. The one difference on api.mistral.ai: the
 * embeddings size is `output_dimension`, not `dimensions`. A self-hosted `upstream_url` speaks
 * plain OpenAI and gets the body unchanged.
 * @see https://docs.mistral.ai/api/#tag/embeddings
 */
export function toMistralBody(req: OpenAIRequest, ctx: DriverContext): UpstreamBody {
  const out = toOpenAIBody(req, ctx);
  if (ctx.routeType !== 'llm/v1/embeddings' || ctx.model.options.upstream_url) return out;
  const { dimensions, ...rest } = out.body as Record<string, unknown>;
  return { body: dimensions === undefined ? rest : { ...rest, output_dimension: dimensions } };
}

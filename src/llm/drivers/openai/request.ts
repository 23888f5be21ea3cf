import type { DriverContext, UpstreamBody } from '../types';
import type { OpenAIRequest } from '../../types';

/** Fields an embeddings request may carry; anything chat-specific is dropped. */
const EMBEDDINGS_FIELDS = ['input', 'encoding_format', 'dimensions', 'user'] as const;

/**
 * The body for an OpenAI-compatible upstream: the client's request with the resolved model,
 * `stream` explicit and `top_k` removed (OpenAI rejects it), as Kong's openai driver does.
 * @see kong/llm/drivers/openai.lua transformers_to
 */
export function toOpenAIBody(req: OpenAIRequest, ctx: DriverContext): UpstreamBody {
  if (ctx.routeType === 'llm/v1/embeddings') {
    const body: Record<string, unknown> = { model: ctx.model.name };
    for (const field of EMBEDDINGS_FIELDS) if (req[field] !== undefined) body[field] = req[field];
    const dimensions = ctx.model.options.embeddings_dimensions;
    if (body.dimensions === undefined && dimensions != null) body.dimensions = dimensions;
    return { body };
  }
  const { top_k: _dropped, ...rest } = req;
  const body: OpenAIRequest = { ...rest, model: ctx.model.name, stream: ctx.stream };
  if (!ctx.stream) delete body.stream_options;
  return { body };
}

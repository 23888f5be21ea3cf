import type { DriverContext, UpstreamBody } from '../types';
import type { OpenAIRequest } from '../../types';
import { toCohereV1Chat } from './chat-v1';
import { toCohereV2Chat } from './chat-v2';
import { toCohereEmbed } from './embed';
import { toCohereGenerate } from './generate';
import { cohereApiVersion } from './url';

/**
 * OpenAI request → Cohere body for the route type and the API version of the target path.
 * @see kong/llm/drivers/cohere.lua transformers_to
 */
export function toCohereBody(req: OpenAIRequest, ctx: DriverContext): UpstreamBody {
  const version = cohereApiVersion(ctx);
  switch (ctx.routeType) {
    case 'llm/v1/chat':
      return { body: version === 'v2' ? toCohereV2Chat(req, ctx.model.name, ctx.stream) : toCohereV1Chat(req, ctx.model.name, ctx.stream) };
    case 'llm/v1/completions':
      return { body: toCohereGenerate(req, ctx.model.name, ctx.stream) };
    case 'llm/v1/embeddings':
      return { body: toCohereEmbed(req, ctx, version) };
  }
}

import { OPENAI_COMPATIBLE_WIRE } from '../llama2';
import { OLLAMA_WIRE, type WireFormat } from '../ollama';
import type { Driver, DriverContext } from '../types';
import { mistralFormat, type MistralFormat } from './format';
import { mistralErrorMessage } from './error';
import { toMistralBody } from './request';
import { mistralUpstream } from './url';

export { MISTRAL_BASE_URL, mistralUpstream } from './url';
export { toMistralBody } from './request';
export { mistralErrorMessage } from './error';
export { mistralFormat, type MistralFormat } from './format';

const WIRES: Record<MistralFormat, WireFormat> = {
  openai: { ...OPENAI_COMPATIBLE_WIRE, toUpstream: toMistralBody },
  ollama: OLLAMA_WIRE,
};

function wire(ctx: DriverContext): WireFormat {
  return WIRES[mistralFormat(ctx)];
}

/**
 * Mistral: api.mistral.ai or a self-hosted server in OpenAI's format, or a self-hosted Ollama
 * (`model.options.mistral_format`).
 * @see kong/llm/drivers/mistral.lua
 */
export const mistralDriver: Driver = {
  provider: 'mistral',
  routeTypes: ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'],
  upstream: (ctx) => mistralUpstream(ctx, mistralFormat(ctx)),
  toUpstream: (req, ctx) => wire(ctx).toUpstream(req, ctx),
  fromUpstream: (body, ctx) => wire(ctx).fromUpstream(body, ctx),
  streamFraming: (ctx) => wire(ctx).streamFraming(ctx),
  createStreamMapper: (ctx) => wire(ctx).createStreamMapper(ctx),
  errorMessage: mistralErrorMessage,
};

import { toOpenAIBody } from '../openai/request';
import { fromOpenAIBody, openAIErrorMessage } from '../openai/response';
import { createOpenAIStreamMapper } from '../openai/stream';
import type { Driver, DriverContext } from '../types';

/** The parts of a driver that depend on the wire format only (not on the provider's URL). */
export type WireFormat = Pick<Driver, 'toUpstream' | 'fromUpstream' | 'streamFraming' | 'createStreamMapper' | 'errorMessage'>;

/**
 * OpenAI's own format, spoken by OpenAI, Azure OpenAI and OpenAI-compatible servers (vLLM,
 * llama.cpp, Ollama's /v1, La Plateforme): the openai driver's functions.
 */
export const OPENAI_COMPATIBLE_WIRE: WireFormat = {
  toUpstream: toOpenAIBody,
  fromUpstream: fromOpenAIBody,
  streamFraming: () => 'sse',
  createStreamMapper: createOpenAIStreamMapper,
  errorMessage: openAIErrorMessage,
};

/**
 * For a provider that speaks several wire formats (`llama2_format`, `mistral_format`): the
 * request, response and stream functions of the format `select` picks for each request. Error
 * bodies come without a context, so the driver chooses its error reader itself.
 */
export function dispatchByWireFormat(select: (ctx: DriverContext) => WireFormat): Omit<WireFormat, 'errorMessage'> {
  return {
    toUpstream: (req, ctx) => select(ctx).toUpstream(req, ctx),
    fromUpstream: (body, ctx) => select(ctx).fromUpstream(body, ctx),
    streamFraming: (ctx) => select(ctx).streamFraming(ctx),
    createStreamMapper: (ctx) => select(ctx).createStreamMapper(ctx),
  };
}

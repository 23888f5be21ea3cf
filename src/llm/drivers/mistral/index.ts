import { OLLAMA_WIRE } from '../ollama';
import { OPENAI_COMPATIBLE_WIRE, dispatchByWireFormat, type WireFormat } from '../shared/wire-formats';
import type { Driver } from '../types';
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

/**
 * Mistral: api.mistral.ai or a self-hosted server in OpenAI's format, or a self-hosted Ollama
 * (`model.options.mistral_format`).
 * @see kong/llm/drivers/mistral.lua
 */
export const mistralDriver: Driver = {
  provider: 'mistral',
  routeTypes: ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'],
  upstream: (ctx) => mistralUpstream(ctx, mistralFormat(ctx)),
  ...dispatchByWireFormat((ctx) => WIRES[mistralFormat(ctx)]),
  errorMessage: mistralErrorMessage,
};

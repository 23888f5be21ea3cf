import { LlmError } from '../../errors';
import { OLLAMA_WIRE } from '../ollama';
import { openAIErrorMessage } from '../openai';
import { OPENAI_COMPATIBLE_WIRE, dispatchByWireFormat, type WireFormat } from '../shared/wire-formats';
import type { Driver } from '../types';
import { llama2Format, type Llama2Format } from './format';
import { toLlama2RawBody } from './raw-request';
import { fromLlama2RawBody } from './raw-response';
import { llama2Upstream } from './url';

export { toLlama2ChatPrompt, toLlama2CompletionPrompt } from './raw-prompt';
export { toLlama2RawBody } from './raw-request';
export { fromLlama2RawBody } from './raw-response';
export { llama2Upstream, selfHostedUrl } from './url';
export { llama2Format, type Llama2Format } from './format';

/**
 * `raw`: Kong's Llama 2 prompt template over a `{"inputs","parameters"}` body. It has no stream
 * (the request is refused with a 400 before one could start), hence a mapper that only reports that.
 * @see kong/llm/drivers/llama2.lua to_raw, from_raw
 */
const RAW_WIRE: WireFormat = {
  toUpstream: toLlama2RawBody,
  fromUpstream: fromLlama2RawBody,
  streamFraming: () => 'sse',
  createStreamMapper: () => ({
    map: () => ({ chunks: [], error: new LlmError(502, 'the llama2 raw format does not support streaming') }),
  }),
  errorMessage: openAIErrorMessage,
};

/** `openai` is an OpenAI-compatible server (vLLM, llama.cpp, Ollama's /v1). */
const WIRES: Record<Llama2Format, WireFormat> = { raw: RAW_WIRE, openai: OPENAI_COMPATIBLE_WIRE, ollama: OLLAMA_WIRE };

/**
 * Llama 2/3 on a self-hosted server, in one of three wire formats (`model.options.llama2_format`).
 * @see kong/llm/drivers/llama2.lua
 */
export const llama2Driver: Driver = {
  provider: 'llama2',
  routeTypes: ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'],
  upstream: (ctx) => llama2Upstream(ctx, llama2Format(ctx)),
  ...dispatchByWireFormat((ctx) => WIRES[llama2Format(ctx)]),
  // Error bodies carry no hint of their format; OpenAI's reader also reads Ollama's `{"error":"..."}`.
  errorMessage: openAIErrorMessage,
};

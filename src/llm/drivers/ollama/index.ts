import type { Driver } from '../types';
import { toOllamaBody } from './request';
import { fromOllamaBody, ollamaErrorMessage } from './response';
import { createOllamaStreamMapper } from './stream';

export { OLLAMA_PATHS } from './paths';
export { toOllamaBody, PROMPT_AND_MESSAGES } from './request';
export { fromOllamaBody, ollamaErrorMessage, ollamaUsage, transformationFailed } from './response';
export { createOllamaStreamMapper } from './stream';
export { mapOllamaDoneReason } from './finish-reason';

/** The parts of a driver that depend on the wire format only (not on the provider's URL). */
export type WireFormat = Pick<Driver, 'toUpstream' | 'fromUpstream' | 'streamFraming' | 'createStreamMapper' | 'errorMessage'>;

/**
 * Ollama's native format, the `ollama` value of `llama2_format` and `mistral_format`.
 * @see kong/llm/drivers/shared.lua to_ollama, from_ollama
 */
export const OLLAMA_WIRE: WireFormat = {
  toUpstream: toOllamaBody,
  fromUpstream: fromOllamaBody,
  streamFraming: () => 'ndjson',
  createStreamMapper: createOllamaStreamMapper,
  errorMessage: ollamaErrorMessage,
};

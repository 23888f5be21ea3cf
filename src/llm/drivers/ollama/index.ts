import type { WireFormat } from '../shared/wire-formats';
import { toOllamaBody } from './request';
import { fromOllamaBody, ollamaErrorMessage } from './response';
import { createOllamaStreamMapper } from './stream';

export { OLLAMA_PATHS } from './paths';
export { toOllamaBody, PROMPT_AND_MESSAGES } from './request';
export { fromOllamaBody, ollamaErrorMessage, ollamaUsage, transformationFailed } from './response';
export { createOllamaStreamMapper } from './stream';
export { mapOllamaDoneReason } from './finish-reason';

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

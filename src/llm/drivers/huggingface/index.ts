import type { Driver } from '../types';
import { huggingfaceErrorMessage } from './error';
import { toHuggingfaceBody } from './request';
import { fromHuggingfaceBody } from './response';
import { createHuggingfaceStreamMapper } from './stream';
import { huggingfaceUpstream } from './url';

export { HUGGINGFACE_BASE_URL, huggingfaceUpstream } from './url';
export { toHuggingfaceBody } from './request';
export { fromHuggingfaceBody } from './response';
export { createHuggingfaceStreamMapper } from './stream';
export { huggingfaceErrorMessage } from './error';
export { mapHuggingfaceFinishReason } from './finish-reason';

/**
 * Hugging Face Inference API / text-generation-inference: chat through the model's OpenAI-compatible
 * Messages API, completions through text-generation, embeddings through feature-extraction.
 * @see kong/llm/drivers/huggingface.lua
 */
export const huggingfaceDriver: Driver = {
  provider: 'huggingface',
  routeTypes: ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'],
  upstream: huggingfaceUpstream,
  toUpstream: toHuggingfaceBody,
  fromUpstream: fromHuggingfaceBody,
  streamFraming: () => 'sse',
  createStreamMapper: createHuggingfaceStreamMapper,
  errorMessage: huggingfaceErrorMessage,
};

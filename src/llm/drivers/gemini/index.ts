import type { Driver } from '../types';
import { geminiErrorMessage } from './error';
import { toGeminiBody } from './request';
import { fromGeminiBody } from './response';
import { createGeminiStreamMapper } from './stream';
import { GEMINI_ROUTE_TYPES, geminiUpstream } from './url';

export { GEMINI_BASE_URL, GEMINI_ROUTE_TYPES, geminiUpstream, vertexTarget } from './url';
export { toGeminiBody } from './request';
export { fromGeminiBody } from './response';
export { createGeminiStreamMapper } from './stream';
export { geminiErrorMessage } from './error';
export { mapGeminiFinishReason } from './finish-reason';
export { convertGeminiUsage } from './usage';

/**
 * Gemini: chat on `generateContent` / `streamGenerateContent` (streamed as one JSON array, as Kong
 * asks for it), embeddings on `batchEmbedContents`; the Gemini API, or Vertex AI when
 * `model.options.gemini` names a project and location. The key is the config's auth
 * (`x-goog-api-key` header or `key` query parameter); service-account auth is refused.
 * @see kong/llm/drivers/gemini.lua
 * @see https://ai.google.dev/api
 */
export const geminiDriver: Driver = {
  provider: 'gemini',
  routeTypes: GEMINI_ROUTE_TYPES,
  upstream: geminiUpstream,
  toUpstream: toGeminiBody,
  fromUpstream: fromGeminiBody,
  streamFraming: () => 'json-array',
  createStreamMapper: createGeminiStreamMapper,
  errorMessage: geminiErrorMessage,
};

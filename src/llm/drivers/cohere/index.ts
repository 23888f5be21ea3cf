import type { Driver } from '../types';
import { cohereErrorMessage } from './error';
import { toCohereBody } from './request';
import { fromCohereBody } from './response';
import { createCohereStreamMapper } from './stream';
import { cohereApiVersion, cohereUpstream } from './url';

export { COHERE_BASE_URL, COHERE_PATHS, cohereApiVersion, cohereUpstream } from './url';
export type { CohereApiVersion } from './url';
export { toCohereBody } from './request';
export { fromCohereBody } from './response';
export { createCohereStreamMapper } from './stream';
export { cohereErrorMessage } from './error';
export { mapCohereFinishReason } from './finish-reason';
export { convertCohereUsage } from './usage';
export { COHERE_DEFAULT_INPUT_TYPE } from './embed';

/**
 * Cohere: v1 chat (`/v1/chat`) and generate as Kong sends them, v2 chat when the path is under
 * `/v2/` (`upstream_path: /v2/chat`), embeddings on `/v2/embed`. Tools are translated for both chat
 * versions. Auth is the config's (`Authorization: Bearer <key>`).
 * @see kong/llm/drivers/cohere.lua
 */
export const cohereDriver: Driver = {
  provider: 'cohere',
  routeTypes: ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'],
  upstream: cohereUpstream,
  toUpstream: toCohereBody,
  fromUpstream: fromCohereBody,
  streamFraming: (ctx) => (ctx.routeType === 'llm/v1/chat' && cohereApiVersion(ctx) === 'v2' ? 'sse' : 'ndjson'),
  createStreamMapper: createCohereStreamMapper,
  errorMessage: cohereErrorMessage,
};

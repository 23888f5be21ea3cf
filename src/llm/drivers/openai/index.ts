import { OPENAI_COMPATIBLE_WIRE } from '../shared/wire-formats';
import { resolveUpstreamUrl } from '../upstream-url';
import type { Driver } from '../types';
import { OPENAI_BASE_URL, OPENAI_PATHS } from './paths';

export { OPENAI_PATHS, OPENAI_BASE_URL } from './paths';
export { toOpenAIBody } from './request';
export { fromOpenAIBody, openAIErrorMessage } from './response';
export { createOpenAIStreamMapper } from './stream';

/** OpenAI: the client format is the wire format; the driver sets the model and checks shapes. */
export const openaiDriver: Driver = {
  provider: 'openai',
  routeTypes: ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'],
  upstream: (ctx) => ({ method: 'POST', url: resolveUpstreamUrl(ctx.model.options, OPENAI_BASE_URL, OPENAI_PATHS[ctx.routeType]) }),
  ...OPENAI_COMPATIBLE_WIRE,
};

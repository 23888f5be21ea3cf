import type { LlmRouteType } from '../../types';

/**
 * OpenAI's path per route type (also the suffix Azure appends after its deployment).
 * @see https://platform.openai.com/docs/api-reference
 */
export const OPENAI_PATHS: Record<LlmRouteType, string> = {
  'llm/v1/chat': '/v1/chat/completions',
  'llm/v1/completions': '/v1/completions',
  'llm/v1/embeddings': '/v1/embeddings',
};

export const OPENAI_BASE_URL = 'https://api.openai.com:443';

import type { LlmRouteType } from '../../types';

/**
 * Ollama's endpoint per route type, for an `upstream_url` that names only the server.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */
export const OLLAMA_PATHS: Record<LlmRouteType, string> = {
  'llm/v1/chat': '/api/chat',
  'llm/v1/completions': '/api/generate',
  'llm/v1/embeddings': '/api/embed',
};

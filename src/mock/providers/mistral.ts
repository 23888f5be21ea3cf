import { bearer, keyInParams } from '../auth';
import { digest } from '../ids';
import { json } from '../reply';
import type { MockProvider, MockRequest, Reply } from '../types';
import { OLLAMA_ROUTES } from './ollama';
import { chatCompletionsHandler } from './openai/chat';
import { embeddingsHandler } from './openai/embeddings';
import { MISTRAL_FLAVOR } from './openai/flavor';

/**
 * Mistral La Plateforme (`https://api.mistral.ai`). Its paths are OpenAI's, so the mock serves it
 * only under `/mistral`; Kong's `mistral_format: ollama` targets are served there too (open).
 * @see https://docs.mistral.ai/api/
 */
export function mistralError(status: number, message?: string): Reply {
  const requestId = digest(`${status}\n${message ?? ''}`, 32);
  switch (status) {
    case 401:
      return json(401, { message: message ?? 'Unauthorized', request_id: requestId });
    case 429:
      return json(429, { message: message ?? 'Requests rate limit exceeded', request_id: requestId });
    default:
      return json(status, {
        object: 'error',
        message: message ?? (status >= 500 ? 'Internal server error' : 'Invalid request'),
        type: status >= 500 ? 'internal_server_error' : 'invalid_request_error',
        param: null,
        code: null,
      });
  }
}

function mistralAuthenticate(req: MockRequest): Reply | undefined {
  return bearer(req) === req.key || keyInParams(req) ? undefined : mistralError(401);
}

const defaultModel = (): string => 'mistral-small-latest';

export const mistralProvider: MockProvider = {
  name: 'mistral',
  bare: false,
  routes: [
    { method: 'POST', path: '/v1/chat/completions', handle: chatCompletionsHandler(MISTRAL_FLAVOR, mistralError, defaultModel) },
    { method: 'POST', path: '/v1/embeddings', handle: embeddingsHandler(MISTRAL_FLAVOR, mistralError, defaultModel) },
    ...OLLAMA_ROUTES,
  ],
  authenticate: mistralAuthenticate,
  error: mistralError,
};

import type { MockProvider } from '../../types';
import { chatCompletionsHandler } from './chat';
import { completionsHandler } from './completions';
import { embeddingsHandler } from './embeddings';
import { openaiAuthenticate, openaiError } from './errors';
import { OPENAI_FLAVOR } from './flavor';

const noModel = (): string => 'gpt-4o-mini';

/**
 * OpenAI's upstream (`https://api.openai.com`), on its own paths.
 * @see https://platform.openai.com/docs/api-reference
 */
export const openaiProvider: MockProvider = {
  name: 'openai',
  bare: true,
  routes: [
    { method: 'POST', path: '/v1/chat/completions', handle: chatCompletionsHandler(OPENAI_FLAVOR, openaiError, noModel) },
    { method: 'POST', path: '/v1/completions', handle: completionsHandler(OPENAI_FLAVOR, openaiError, noModel) },
    { method: 'POST', path: '/v1/embeddings', handle: embeddingsHandler(OPENAI_FLAVOR, openaiError, noModel) },
  ],
  authenticate: openaiAuthenticate,
  error: (status, message) => openaiError(status, message),
};

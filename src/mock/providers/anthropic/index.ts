import type { MockProvider } from '../../types';
import { complete } from './complete';
import { anthropicAuthenticate, anthropicError } from './errors';
import { messages } from './messages';

/**
 * Anthropic (`https://api.anthropic.com`): Messages and the legacy Text Completions.
 * @see https://docs.anthropic.com/en/api
 */
export const anthropicProvider: MockProvider = {
  name: 'anthropic',
  bare: true,
  routes: [
    { method: 'POST', path: '/v1/messages', handle: messages },
    { method: 'POST', path: '/v1/complete', handle: complete },
  ],
  authenticate: anthropicAuthenticate,
  error: anthropicError,
};

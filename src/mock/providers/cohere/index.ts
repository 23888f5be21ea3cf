import type { MockProvider } from '../../types';
import { v1Embed, v2Embed } from './embed';
import { cohereAuthenticate, cohereError } from './errors';
import { v1Chat } from './v1-chat';
import { v1Generate } from './v1-generate';
import { v2Chat } from './v2-chat';

/**
 * Cohere (`https://api.cohere.com`): v1 chat/generate/embed (streams as JSON lines) and
 * v2 chat/embed (streams as SSE).
 * @see https://docs.cohere.com/reference/about
 */
export const cohereProvider: MockProvider = {
  name: 'cohere',
  bare: true,
  routes: [
    { method: 'POST', path: '/v1/chat', handle: v1Chat },
    { method: 'POST', path: '/v1/generate', handle: v1Generate },
    { method: 'POST', path: '/v1/embed', handle: v1Embed },
    { method: 'POST', path: '/v2/chat', handle: v2Chat },
    { method: 'POST', path: '/v2/embed', handle: v2Embed },
  ],
  authenticate: cohereAuthenticate,
  error: cohereError,
};

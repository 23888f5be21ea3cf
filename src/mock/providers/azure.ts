import { bearer, header, keyInParams } from '../auth';
import { json } from '../reply';
import type { MockProvider, MockRequest, Reply } from '../types';
import { chatCompletionsHandler } from './openai/chat';
import { completionsHandler } from './openai/completions';
import { embeddingsHandler } from './openai/embeddings';
import { openaiError } from './openai/errors';
import { AZURE_FLAVOR } from './openai/flavor';

/**
 * Azure OpenAI (`https://{instance}.openai.azure.com/openai/deployments/{deployment}/…`): OpenAI's
 * shapes, an `api-key` header (or an Entra ID bearer token), and a required `api-version` query.
 * @see https://learn.microsoft.com/en-us/azure/ai-services/openai/reference
 */

/** Azure's own gateway errors (`{"error":{"code":"401","message"}}`); model errors keep OpenAI's shape. */
export function azureError(status: number, message?: string): Reply {
  switch (status) {
    case 401:
      return json(401, {
        error: {
          code: '401',
          message:
            message ??
            'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
        },
      });
    case 404:
      return json(404, { error: { code: '404', message: message ?? 'Resource not found' } });
    case 429:
      return json(429, {
        error: {
          code: '429',
          message: message ?? 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second.',
        },
      });
    default:
      return openaiError(status, message);
  }
}

function azureAuthenticate(req: MockRequest): Reply | undefined {
  // Without api-version the request matches no Azure operation at all.
  if (!req.query.get('api-version')) return azureError(404);
  if (header(req, 'api-key') === req.key || bearer(req) === req.key || keyInParams(req)) return undefined;
  return azureError(401);
}

const deployment = (req: MockRequest): string => req.params.deployment ?? 'deployment';

export const azureProvider: MockProvider = {
  name: 'azure',
  bare: true,
  routes: [
    { method: 'POST', path: '/openai/deployments/{deployment}/chat/completions', handle: chatCompletionsHandler(AZURE_FLAVOR, azureError, deployment) },
    { method: 'POST', path: '/openai/deployments/{deployment}/completions', handle: completionsHandler(AZURE_FLAVOR, azureError, deployment) },
    { method: 'POST', path: '/openai/deployments/{deployment}/embeddings', handle: embeddingsHandler(AZURE_FLAVOR, azureError, deployment) },
  ],
  authenticate: azureAuthenticate,
  error: azureError,
};

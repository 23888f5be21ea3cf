import type { MockProvider, RouteDef } from '../../types';
import { batchEmbedContents, embedContent } from './embed';
import { geminiAuthenticate, geminiError } from './errors';
import { generateContent, streamGenerateContent } from './generate';

/** Model-method routes under a models prefix (`/v1beta/models`, Vertex's publisher path, …). */
function modelRoutes(prefix: string): RouteDef[] {
  return [
    { method: 'POST', path: `${prefix}/{model}:generateContent`, handle: generateContent },
    { method: 'POST', path: `${prefix}/{model}:streamGenerateContent`, handle: streamGenerateContent },
    { method: 'POST', path: `${prefix}/{model}:embedContent`, handle: embedContent },
    { method: 'POST', path: `${prefix}/{model}:batchEmbedContents`, handle: batchEmbedContents },
  ];
}

/**
 * Gemini API (`https://generativelanguage.googleapis.com/v1beta|v1/models/…`) and Vertex AI's
 * publisher-model paths (`/v1/projects/{p}/locations/{l}/publishers/google/models/…`), which Kong
 * builds for `model.options.gemini.{api_endpoint, project_id, location_id}`.
 * @see https://ai.google.dev/api
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 */
export const geminiProvider: MockProvider = {
  name: 'gemini',
  bare: true,
  routes: [
    ...modelRoutes('/v1beta/models'),
    ...modelRoutes('/v1/models'),
    ...modelRoutes('/v1/projects/{project}/locations/{location}/publishers/google/models'),
  ],
  authenticate: geminiAuthenticate,
  error: (status, message) => geminiError(status, message),
};

import { asArray, field, isObject, type JsonObject } from '../../content';
import { embed, requestedDimensions } from '../../embedding';
import { json } from '../../reply';
import type { Handler } from '../../types';
import { bodyObject } from '../shared';
import { partsText } from './conversation';
import { geminiError } from './errors';

function contentEmbedding(request: JsonObject): JsonObject {
  const content = request.content;
  const dimensions = requestedDimensions(field(request, 'outputDimensionality', 'output_dimensionality'));
  return { values: embed(isObject(content) ? partsText(content.parts) : '', dimensions) };
}

/**
 * `POST …/models/{model}:embedContent` → `{embedding:{values}}`; `outputDimensionality` honoured.
 * @see https://ai.google.dev/api/embeddings#method:-models.embedcontent
 */
export const embedContent: Handler = (req) => {
  const body = bodyObject(req);
  if (!body || !isObject(body.content)) return geminiError(400, '* EmbedContentRequest.content: content is not specified\n');
  return json(200, { embedding: contentEmbedding(body) });
};

/**
 * `POST …/models/{model}:batchEmbedContents` → `{embeddings:[{values}]}`.
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
export const batchEmbedContents: Handler = (req) => {
  const body = bodyObject(req);
  const requests = body ? asArray(body.requests).filter(isObject) : [];
  if (requests.length === 0) return geminiError(400, '* BatchEmbedContentsRequest.requests: requests is not specified\n');
  return json(200, { embeddings: requests.map(contentEmbedding) });
};

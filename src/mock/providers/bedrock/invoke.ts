import { asArray, str } from '../../content';
import { embed, requestedDimensions } from '../../embedding';
import { digest } from '../../ids';
import { json } from '../../reply';
import type { Handler } from '../../types';
import { countWords } from '../../words';
import { bodyObject } from '../shared';
import { bedrockError } from './errors';

/**
 * `POST /model/{modelId}/invoke` for embedding models, in the two native shapes Bedrock hosts:
 * Amazon Titan (`{inputText, dimensions}` → `{embedding, inputTextTokenCount}`) and Cohere Embed
 * (`{texts, input_type}` → `{id, texts, embeddings, response_type}`).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
 */
export const invoke: Handler = (req) => {
  const body = bodyObject(req);
  const inputText = body ? str(body.inputText) : undefined;
  if (body && inputText !== undefined) {
    return json(200, { embedding: embed(inputText, requestedDimensions(body.dimensions)), inputTextTokenCount: countWords(inputText) });
  }
  if (body && Array.isArray(body.texts)) {
    const texts = asArray(body.texts).filter((t): t is string => typeof t === 'string');
    return json(200, {
      id: digest(JSON.stringify(body), 32),
      texts,
      embeddings: texts.map((t) => embed(t)),
      response_type: 'embeddings_floats',
    });
  }
  return bedrockError(400, 'Malformed input request, please reformat your input and try again.');
};

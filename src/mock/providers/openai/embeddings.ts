import { embed, embedBase64, embeddingInputs, requestedDimensions } from '../../embedding';
import { json } from '../../reply';
import type { Handler, MockRequest } from '../../types';
import { countWords } from '../../words';
import { bodyObject, modelName, type ErrorReply } from '../shared';
import type { OpenAIFlavor } from './flavor';

/**
 * `POST …/embeddings`: `{object:"list", data:[{object:"embedding", index, embedding}], model, usage}`;
 * `dimensions` sets the vector length, `encoding_format: "base64"` packs float32s.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function embeddingsHandler(flavor: OpenAIFlavor, error: ErrorReply, fallbackModel: (req: MockRequest) => string): Handler {
  return (req) => {
    const body = bodyObject(req);
    if (!body) return error(400, 'We could not parse the JSON body of your request.');
    if (flavor.requiresModel && typeof body.model !== 'string') return error(400, 'you must provide a model parameter');
    const inputs = embeddingInputs(body.input);
    if (inputs.length === 0) return error(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
    const dimensions = requestedDimensions(body.dimensions);
    const base64 = body.encoding_format === 'base64';
    const data = inputs.map((text, index) => {
      const vector = embed(text, dimensions);
      return { object: 'embedding', index, embedding: base64 ? embedBase64(vector) : vector };
    });
    const tokens = countWords(inputs);
    return json(200, { object: 'list', data, model: modelName(body, fallbackModel(req)), usage: { prompt_tokens: tokens, total_tokens: tokens } });
  };
}

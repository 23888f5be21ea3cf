import { asArray, contentText, isObject, str, type JsonObject } from '../../content';
import { embed, requestedDimensions } from '../../embedding';
import { digest } from '../../ids';
import { json } from '../../reply';
import type { Handler, Reply } from '../../types';
import { countWords } from '../../words';
import { bodyObject } from '../shared';
import { cohereError } from './errors';

type EmbeddingType = 'float' | 'int8' | 'uint8';

function parseTypes(value: unknown): EmbeddingType[] | string {
  const types: EmbeddingType[] = [];
  for (const t of asArray(value)) {
    if (t !== 'float' && t !== 'int8' && t !== 'uint8') return `invalid request: embedding type ${JSON.stringify(t)} is not supported by the mock (float, int8, uint8)`;
    types.push(t);
  }
  return types;
}

/** Cohere's quantised embeddings: the float in [-1, 1) scaled to a byte. */
function quantise(vector: number[], type: EmbeddingType): number[] {
  switch (type) {
    case 'float':
      return vector;
    case 'int8':
      return vector.map((v) => Math.max(-128, Math.min(127, Math.round(v * 127))));
    case 'uint8':
      return vector.map((v) => Math.max(0, Math.min(255, Math.round((v + 1) * 127.5))));
  }
}

function byType(texts: string[], types: EmbeddingType[], dimensions: number | undefined): JsonObject {
  const out: JsonObject = {};
  for (const t of types) out[t] = texts.map((text) => quantise(embed(text, dimensions), t));
  return out;
}

function v1Texts(body: JsonObject): string[] {
  return asArray(body.texts).filter((t): t is string => typeof t === 'string');
}

/** v2 takes `texts`, or `inputs` whose content parts carry text. */
function v2Texts(body: JsonObject): string[] {
  if (Array.isArray(body.texts)) return v1Texts(body);
  return asArray(body.inputs)
    .filter(isObject)
    .map((input) => contentText(input.content));
}

function answerEmbed(version: '1' | '2', body: JsonObject, texts: string[], types: EmbeddingType[], byTypeShape: boolean): Reply {
  const dimensions = requestedDimensions(body.output_dimension);
  const meta = { api_version: { version }, billed_units: { input_tokens: countWords(texts) } };
  const common = { id: digest(`embed\n${JSON.stringify(body)}`, 32), texts };
  if (!byTypeShape) return json(200, { ...common, embeddings: texts.map((t) => embed(t, dimensions)), meta, response_type: 'embeddings_floats' });
  return json(200, { ...common, embeddings: byType(texts, types, dimensions), meta, response_type: 'embeddings_by_type' });
}

/**
 * `POST /v1/embed`: floats by default (`embeddings_floats`), or by type when `embedding_types` is set.
 * @see https://docs.cohere.com/v1/reference/embed
 */
export const v1Embed: Handler = (req) => {
  const body = bodyObject(req);
  if (!body || !Array.isArray(body.texts)) return cohereError(400, 'invalid request: texts must be an array of strings');
  const types = parseTypes(body.embedding_types);
  if (typeof types === 'string') return cohereError(400, types);
  return answerEmbed('1', body, v1Texts(body), types, types.length > 0);
};

/**
 * `POST /v2/embed`: `model` and `input_type` are required; always by type (default `["float"]`);
 * `output_dimension` sets the length.
 * @see https://docs.cohere.com/reference/embed
 */
export const v2Embed: Handler = (req) => {
  const body = bodyObject(req);
  if (!body) return cohereError(400, 'invalid request: body must be a JSON object');
  if (str(body.model) === undefined) return cohereError(400, 'invalid request: model must be specified');
  if (str(body.input_type) === undefined) return cohereError(400, 'invalid request: input_type is required');
  const types = parseTypes(body.embedding_types ?? ['float']);
  if (typeof types === 'string') return cohereError(400, types);
  return answerEmbed('2', body, v2Texts(body), types.length > 0 ? types : ['float'], true);
};

import { str } from '../../content';
import { answerPrompt } from '../../echo';
import { ndjsonParts } from '../../framing/ndjson';
import { digest } from '../../ids';
import { json, stream } from '../../reply';
import type { Handler } from '../../types';
import { streamPieces } from '../../words';
import { bodyObject, stopList, tokenLimit } from '../shared';
import { billedUnits, cohereError } from './errors';
import { COHERE_V1_STREAM, cohereFinishReason } from './v1-chat';

/**
 * `POST /v1/generate`: `{id, generations:[{id, text, finish_reason}], prompt, meta}`; streamed as
 * JSON lines `{text, is_finished:false}` then `{is_finished:true, finish_reason, response}`.
 * @see https://docs.cohere.com/v1/reference/generate
 */
export const v1Generate: Handler = (req) => {
  const body = bodyObject(req);
  const prompt = body ? str(body.prompt) : undefined;
  if (!body || prompt === undefined) return cohereError(400, 'invalid request: prompt must be a string');
  const result = answerPrompt(prompt, tokenLimit(body.max_tokens), stopList(body.stop_sequences));
  const text = result.kind === 'text' ? result.text : result.argsJson;
  const seed = JSON.stringify(body);
  const finishReason = cohereFinishReason(result);
  const response = {
    id: digest(`generate\n${seed}`, 32),
    generations: [{ id: digest(`generation\n${seed}`, 32), text, finish_reason: finishReason }],
    prompt,
    meta: { api_version: { version: '1' }, ...billedUnits(result.usage) },
  };
  if (body.stream !== true) return json(200, response);
  const lines: object[] = streamPieces(text).map((piece) => ({ text: piece, is_finished: false }));
  lines.push({ is_finished: true, finish_reason: finishReason, response });
  return stream(COHERE_V1_STREAM, ndjsonParts(lines));
};

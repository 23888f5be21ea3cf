import { answer } from '../../echo';
import { sseParts, type SseEvent } from '../../framing/sse';
import { digest } from '../../ids';
import { json, stream } from '../../reply';
import type { Handler } from '../../types';
import { streamPieces } from '../../words';
import { bodyObject, stopList, tokenLimit } from '../shared';
import { anthropicError } from './errors';

const HUMAN = '\n\nHuman:';
const ASSISTANT = '\n\nAssistant:';

/** The turns of a Text Completions prompt (`\n\nHuman: … \n\nAssistant:`), the last human turn last. */
export function humanTurns(prompt: string): string[] {
  return prompt
    .split(HUMAN)
    .slice(1)
    .map((turn) => (turn.split(ASSISTANT)[0] ?? '').trim());
}

/**
 * `POST /v1/complete` (legacy Text Completions): `{type:"completion", completion, stop_reason, model}`,
 * streamed as `event: completion` SSE events. The API reports no usage.
 * @see https://docs.anthropic.com/en/api/complete
 */
export const complete: Handler = (req) => {
  const body = bodyObject(req);
  if (!body) return anthropicError(400, 'invalid request: the body must be a JSON object');
  if (typeof body.model !== 'string') return anthropicError(400, 'model: Field required');
  if (typeof body.prompt !== 'string') return anthropicError(400, 'prompt: Field required');
  if (typeof body.max_tokens_to_sample !== 'number') return anthropicError(400, 'max_tokens_to_sample: Field required');
  if (!body.prompt.startsWith(HUMAN)) return anthropicError(400, 'prompt must start with "\n\nHuman:" turn');
  if (!body.prompt.trimEnd().endsWith(ASSISTANT.trim())) return anthropicError(400, 'prompt must end with "\n\nAssistant:" turn');
  const turns = humanTurns(body.prompt);
  const result = answer({
    promptTexts: turns,
    last: { from: 'user', text: turns[turns.length - 1] ?? '' },
    tools: [],
    maxTokens: tokenLimit(body.max_tokens_to_sample),
    stop: stopList(body.stop_sequences),
  });
  const text = result.kind === 'text' ? ` ${result.text}` : '';
  const stopReason = result.kind === 'text' && result.finish === 'length' ? 'max_tokens' : 'stop_sequence';
  // The sequence that ended the text: a requested one, else the next human turn.
  const stop = stopReason === 'stop_sequence' ? (result.kind === 'text' ? result.stopSequence : undefined) ?? HUMAN : null;
  const id = `compl_${digest(JSON.stringify(body), 24)}`;
  const base = { type: 'completion', id, model: body.model, log_id: id };
  if (body.stream !== true) return json(200, { ...base, completion: text, stop_reason: stopReason, stop });
  const events: SseEvent[] = streamPieces(text).map((piece) => ({ event: 'completion', data: { ...base, completion: piece, stop_reason: null } }));
  events.push({ event: 'completion', data: { ...base, completion: '', stop_reason: stopReason, stop } });
  return stream('text/event-stream; charset=utf-8', sseParts(events));
};

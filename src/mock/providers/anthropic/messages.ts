import { asArray, type JsonObject } from '../../content';
import { answer, type Answer } from '../../echo';
import { sseParts, type SseEvent } from '../../framing/sse';
import { digest } from '../../ids';
import { json, stream } from '../../reply';
import type { Handler } from '../../types';
import { fixedPieces, streamPieces } from '../../words';
import { bodyObject } from '../shared';
import { messagesConversation } from './conversation';
import { anthropicError } from './errors';

/** @see https://docs.anthropic.com/en/api/messages#response-stop-reason */
function stopReason(result: Answer): { stop_reason: string; stop_sequence: string | null } {
  if (result.kind === 'tool_call') return { stop_reason: 'tool_use', stop_sequence: null };
  if (result.finish === 'length') return { stop_reason: 'max_tokens', stop_sequence: null };
  if (result.stopSequence !== undefined) return { stop_reason: 'stop_sequence', stop_sequence: result.stopSequence };
  return { stop_reason: 'end_turn', stop_sequence: null };
}

function toolUseId(result: Extract<Answer, { kind: 'tool_call' }>): string {
  return `toolu_${result.id}`;
}

function contentBlock(result: Answer): JsonObject {
  return result.kind === 'tool_call'
    ? { type: 'tool_use', id: toolUseId(result), name: result.name, input: result.args }
    : { type: 'text', text: result.text };
}

/**
 * `POST /v1/messages`: a `message` object, or the event stream message_start, content_block_start,
 * ping, content_block_delta (text_delta / input_json_delta), content_block_stop, message_delta
 * (stop_reason, output usage), message_stop.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
export const messages: Handler = (req) => {
  const body = bodyObject(req);
  if (!body) return anthropicError(400, 'invalid request: the body must be a JSON object');
  if (typeof body.model !== 'string') return anthropicError(400, 'model: Field required');
  if (typeof body.max_tokens !== 'number') return anthropicError(400, 'max_tokens: Field required');
  if (asArray(body.messages).length === 0) return anthropicError(400, 'messages: at least one message is required');
  const result = answer(messagesConversation(body));
  const id = `msg_${digest(JSON.stringify(body), 24)}`;
  const message = { id, type: 'message', role: 'assistant', model: body.model };
  if (body.stream !== true) {
    return json(200, {
      ...message,
      content: [contentBlock(result)],
      ...stopReason(result),
      usage: { input_tokens: result.usage.prompt, output_tokens: result.usage.completion },
    });
  }
  return stream('text/event-stream; charset=utf-8', sseParts(messageEvents(result, message)));
};

function messageEvents(result: Answer, message: JsonObject): SseEvent[] {
  const event = (type: string, data: JsonObject): SseEvent => ({ event: type, data: { type, ...data } });
  const events: SseEvent[] = [
    event('message_start', {
      message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: result.usage.prompt, output_tokens: 1 } },
    }),
  ];
  if (result.kind === 'tool_call') {
    events.push(event('content_block_start', { index: 0, content_block: { type: 'tool_use', id: toolUseId(result), name: result.name, input: {} } }));
    events.push(event('ping', {}));
    // Anthropic opens an input_json_delta run with an empty partial.
    for (const partial of ['', ...fixedPieces(result.argsJson)]) {
      events.push(event('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: partial } }));
    }
  } else {
    events.push(event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
    events.push(event('ping', {}));
    for (const piece of streamPieces(result.text)) events.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }));
  }
  events.push(event('content_block_stop', { index: 0 }));
  events.push(event('message_delta', { delta: stopReason(result), usage: { output_tokens: result.usage.completion } }));
  events.push(event('message_stop', {}));
  return events;
}

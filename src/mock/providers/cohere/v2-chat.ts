import { type JsonObject } from '../../content';
import { answer, type Answer } from '../../echo';
import { sseParts, type SseEvent } from '../../framing/sse';
import { digest } from '../../ids';
import { json, stream } from '../../reply';
import type { Handler } from '../../types';
import { fixedPieces, streamPieces } from '../../words';
import { chatConversation } from '../openai/conversation';
import { bodyObject, stopList } from '../shared';
import { billedUnits, cohereError } from './errors';
import { cohereFinishReason, cohereToolChoice } from './v1-chat';

/** v2 adds TOOL_CALL to v1's finish reasons. @see https://docs.cohere.com/reference/chat#response.body.finish_reason */
function v2FinishReason(result: Answer): string {
  return result.kind === 'tool_call' ? 'TOOL_CALL' : cohereFinishReason(result);
}

function v2ToolCall(result: Extract<Answer, { kind: 'tool_call' }>): JsonObject {
  return { id: `${result.name}_${result.id.slice(0, 12)}`, type: 'function', function: { name: result.name, arguments: result.argsJson } };
}

/**
 * `POST /v2/chat`: OpenAI-like messages and tools; answers `{id, message:{role, content:[{type:"text"}] |
 * tool_plan + tool_calls}, finish_reason, usage}`, streamed as SSE message-start, content-start,
 * content-delta, content-end (or tool-plan-delta, tool-call-start/-delta/-end), message-end.
 * @see https://docs.cohere.com/reference/chat
 * @see https://docs.cohere.com/reference/chat-stream
 */
export const v2Chat: Handler = (req) => {
  const body = bodyObject(req);
  if (!body) return cohereError(400, 'invalid request: body must be a JSON object');
  if (typeof body.model !== 'string') return cohereError(400, 'invalid request: model must be specified');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return cohereError(400, 'invalid request: messages cannot be empty');
  const result = answer({ ...chatConversation(body), toolChoice: cohereToolChoice(body.tool_choice), stop: stopList(body.stop_sequences) });
  const id = digest(`v2\n${JSON.stringify(body)}`, 32);
  const usage = billedUnits(result.usage);
  const finishReason = v2FinishReason(result);
  const toolPlan = result.kind === 'tool_call' ? `I will use the ${result.name} tool.` : undefined;
  if (body.stream !== true) {
    const message: JsonObject =
      result.kind === 'tool_call'
        ? { role: 'assistant', tool_plan: toolPlan ?? '', tool_calls: [v2ToolCall(result)] }
        : { role: 'assistant', content: [{ type: 'text', text: result.text }] };
    return json(200, { id, message, finish_reason: finishReason, usage });
  }
  const event = (type: string, data: JsonObject): SseEvent => ({ event: type, data: { type, ...data } });
  const events: SseEvent[] = [
    event('message-start', { id, delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } }),
  ];
  if (result.kind === 'tool_call') {
    const call = v2ToolCall(result);
    for (const piece of streamPieces(toolPlan ?? '')) events.push(event('tool-plan-delta', { delta: { message: { tool_plan: piece } } }));
    events.push(event('tool-call-start', { index: 0, delta: { message: { tool_calls: { ...call, function: { name: result.name, arguments: '' } } } } }));
    for (const piece of fixedPieces(result.argsJson)) events.push(event('tool-call-delta', { index: 0, delta: { message: { tool_calls: { function: { arguments: piece } } } } }));
    events.push(event('tool-call-end', { index: 0 }));
  } else {
    events.push(event('content-start', { index: 0, delta: { message: { content: { type: 'text', text: '' } } } }));
    for (const piece of streamPieces(result.text)) events.push(event('content-delta', { index: 0, delta: { message: { content: { text: piece } } } }));
    events.push(event('content-end', { index: 0 }));
  }
  events.push(event('message-end', { delta: { finish_reason: finishReason, usage } }));
  return stream('text/event-stream', sseParts(events));
};

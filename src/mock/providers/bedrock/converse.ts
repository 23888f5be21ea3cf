import { asArray, type JsonObject } from '../../content';
import { answer, type Answer } from '../../echo';
import { awsEventParts, type AwsEvent } from '../../framing/aws-eventstream';
import { digest } from '../../ids';
import { isReply, json, stream } from '../../reply';
import type { Handler, MockRequest, Reply } from '../../types';
import { fixedPieces, streamPieces } from '../../words';
import { bodyObject } from '../shared';
import { converseConversation } from './conversation';
import { bedrockError } from './errors';

/** The mock's latency figure: fixed, so answers are the same for the same request. */
const LATENCY_MS = 42;

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax */
function stopReason(result: Answer): string {
  if (result.kind === 'tool_call') return 'tool_use';
  if (result.finish === 'length') return 'max_tokens';
  return result.stopSequence !== undefined ? 'stop_sequence' : 'end_turn';
}

function usage(result: Answer): JsonObject {
  return { inputTokens: result.usage.prompt, outputTokens: result.usage.completion, totalTokens: result.usage.total };
}

function toolUseId(result: Extract<Answer, { kind: 'tool_call' }>): string {
  return `tooluse_${result.id.slice(0, 22)}`;
}

function parse(req: MockRequest): Answer | Reply {
  const body = bodyObject(req);
  if (!body) return bedrockError(400, 'Malformed input request, please reformat your input and try again.');
  if (asArray(body.messages).length === 0) {
    return bedrockError(400, "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
  }
  return answer(converseConversation(body));
}

/**
 * `POST /model/{modelId}/converse`.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export const converse: Handler = (req) => {
  const result = parse(req);
  if (isReply(result)) return result;
  const content =
    result.kind === 'tool_call' ? [{ toolUse: { toolUseId: toolUseId(result), name: result.name, input: result.args } }] : [{ text: result.text }];
  return json(200, {
    output: { message: { role: 'assistant', content } },
    stopReason: stopReason(result),
    usage: usage(result),
    metrics: { latencyMs: LATENCY_MS },
  }, { 'x-amzn-RequestId': digest(JSON.stringify(req.body), 32) });
};

/**
 * `POST /model/{modelId}/converse-stream`: an AWS binary event stream of messageStart,
 * contentBlockStart (tool use only), contentBlockDelta, contentBlockStop, messageStop, metadata.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export const converseStream: Handler = (req) => {
  const result = parse(req);
  if (isReply(result)) return result;
  const events: AwsEvent[] = [{ type: 'messageStart', payload: { role: 'assistant' } }];
  if (result.kind === 'tool_call') {
    events.push({ type: 'contentBlockStart', payload: { start: { toolUse: { toolUseId: toolUseId(result), name: result.name } }, contentBlockIndex: 0 } });
    for (const input of fixedPieces(result.argsJson)) events.push({ type: 'contentBlockDelta', payload: { delta: { toolUse: { input } }, contentBlockIndex: 0 } });
  } else {
    for (const text of streamPieces(result.text)) events.push({ type: 'contentBlockDelta', payload: { delta: { text }, contentBlockIndex: 0 } });
  }
  events.push({ type: 'contentBlockStop', payload: { contentBlockIndex: 0 } });
  events.push({ type: 'messageStop', payload: { stopReason: stopReason(result) } });
  events.push({ type: 'metadata', payload: { usage: usage(result), metrics: { latencyMs: LATENCY_MS } } });
  return stream('application/vnd.amazon.eventstream', awsEventParts(events), { 'x-amzn-RequestId': digest(JSON.stringify(req.body), 32) });
};

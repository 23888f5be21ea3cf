import { badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import { toCohereResponseFormat } from './response-format';
import { cohereSampling } from './sampling';
import { applyCohereToolChoice } from './tool-choice';
import { toV1Outputs, toV1ToolCall, toV1Tools, type V1ToolCall, type V1ToolResult } from './tools-v1';
import { cohereTextContent, isRecord } from './wire';

/** @see https://docs.cohere.com/v1/reference/chat#request.body.chat_history */
type V1Turn =
  | { role: 'USER'; message: string }
  | { role: 'CHATBOT'; message: string; tool_calls?: V1ToolCall[] }
  | { role: 'TOOL'; tool_results: V1ToolResult[] };

/** Several system messages become one preamble, one paragraph each. */
const PREAMBLE_SEPARATOR = '\n\n';

/**
 * OpenAI chat → Cohere v1 chat:
 * - the last user message is `message` and the turns before it are `chat_history`
 *   (USER / CHATBOT / TOOL); when the conversation ends with tool results, they are
 *   `tool_results` and `message` is empty (Cohere's multi-step form);
 * - system and developer messages are lifted into `preamble` (Kong puts them into the history as
 *   CHATBOT turns; `preamble` is v1's field for them);
 * - assistant tool calls become CHATBOT `tool_calls`; a tool message finds its call (name and
 *   parameters) by `tool_call_id` among the assistant's calls before it.
 * @see https://docs.cohere.com/v1/reference/chat
 * @see https://docs.cohere.com/v1/docs/multi-step-tool-use
 * @see kong/llm/drivers/cohere.lua handle_json_inference_event
 */
export function toCohereV1Chat(req: OpenAIRequest, model: string, stream: boolean): Record<string, unknown> {
  if (req.prompt !== undefined && req.messages !== undefined) {
    throw badRequest("cannot run a 'prompt' and a history of 'messages' at the same time - refer to schema");
  }
  const messages = req.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw badRequest("'messages' must be a non-empty array");
  const preamble: string[] = [];
  const turns: V1Turn[] = [];
  const callsById = new Map<string, V1ToolCall>();
  messages.forEach((raw: unknown, i) => {
    const where = `messages[${i}]`;
    if (!isRecord(raw) || typeof raw.role !== 'string') throw badRequest(`${where} must be an object with a 'role'`);
    const text = cohereTextContent(raw.content, where);
    switch (raw.role) {
      case 'system':
      case 'developer':
        if (text !== '') preamble.push(text);
        break;
      case 'user':
        turns.push({ role: 'USER', message: text });
        break;
      case 'assistant':
        turns.push(chatbotTurn(raw, text, where, callsById));
        break;
      case 'tool':
        addToolResult(turns, toolResult(raw, text, where, callsById));
        break;
      default:
        throw badRequest(`${where}.role '${raw.role}' is not supported by cohere v1 chat (use system, developer, user, assistant or tool)`);
    }
  });
  const last = turns.pop();
  const body: Record<string, unknown> = { model, stream, ...cohereSampling(req) };
  switch (last?.role) {
    case 'USER':
      body.message = last.message;
      break;
    case 'TOOL':
      body.message = '';
      body.tool_results = last.tool_results;
      break;
    default:
      throw badRequest("the last message must be the user's or a tool result for cohere v1 chat");
  }
  if (turns.length > 0) body.chat_history = turns;
  if (preamble.length > 0) body.preamble = preamble.join(PREAMBLE_SEPARATOR);
  const tools = req.tools === undefined || req.tools === null ? undefined : toV1Tools(req.tools);
  Object.assign(body, applyCohereToolChoice(req.tool_choice, tools, (t) => t.name));
  const responseFormat = toCohereResponseFormat(req.response_format, 'v1');
  if (responseFormat) body.response_format = responseFormat;
  return body;
}

function chatbotTurn(raw: Record<string, unknown>, text: string, where: string, callsById: Map<string, V1ToolCall>): V1Turn {
  const calls = raw.tool_calls;
  if (calls === undefined || calls === null || (Array.isArray(calls) && calls.length === 0)) return { role: 'CHATBOT', message: text };
  if (!Array.isArray(calls)) throw badRequest(`${where}.tool_calls must be an array`);
  const toolCalls = calls.map((c: unknown, j) => {
    const { id, call } = toV1ToolCall(c, `${where}.tool_calls[${j}]`);
    callsById.set(id, call);
    return call;
  });
  return { role: 'CHATBOT', message: text, tool_calls: toolCalls };
}

function toolResult(raw: Record<string, unknown>, text: string, where: string, callsById: Map<string, V1ToolCall>): V1ToolResult {
  if (typeof raw.tool_call_id !== 'string') throw badRequest(`${where}.tool_call_id must be a string`);
  const call = callsById.get(raw.tool_call_id);
  if (!call) throw badRequest(`${where}.tool_call_id '${raw.tool_call_id}' answers no tool call of an earlier assistant message`);
  return { call, outputs: toV1Outputs(text) };
}

/** Consecutive tool messages answer one assistant turn: they form one TOOL turn. */
function addToolResult(turns: V1Turn[], result: V1ToolResult): void {
  const last = turns[turns.length - 1];
  if (last && last.role === 'TOOL') last.tool_results.push(result);
  else turns.push({ role: 'TOOL', tool_results: [result] });
}

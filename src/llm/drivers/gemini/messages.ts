import { badRequest } from '../../errors';
import { parseToolArguments } from '../shared/openai-builders';
import { textOnly, userParts } from './content';
import type { GeminiContent, GeminiPart, GeminiRole } from './wire';
import { isRecord } from './wire';

export interface GeminiPrompt {
  /** System and developer messages, one part each (Gemini has no system role in `contents`). */
  systemInstruction?: { parts: { text: string }[] };
  contents: GeminiContent[];
}

/**
 * OpenAI chat messages → Gemini's `systemInstruction` + `contents`:
 * - `system` / `developer` messages become `systemInstruction` parts;
 * - `user` → role `user`, `assistant` → role `model` (tool calls as `functionCall` parts);
 * - `tool` messages become `functionResponse` parts of a user turn, named after the call they
 *   answer (Gemini matches responses to calls by name, OpenAI by id);
 * - consecutive turns of one role are merged, so parallel calls' responses form one turn;
 * - turns left without parts are dropped (Gemini rejects empty turns).
 * @see https://ai.google.dev/api/generate-content#request-body
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 * @see kong/llm/drivers/gemini.lua to_gemini_chat_openai
 */
export function convertToGeminiPrompt(messages: unknown): GeminiPrompt {
  if (messages === undefined || messages === null) throw badRequest('request is missing .messages command');
  if (!Array.isArray(messages)) throw badRequest("'messages' must be an array");
  const system: { text: string }[] = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  messages.forEach((raw: unknown, i) => {
    const where = `messages[${i}]`;
    if (!isRecord(raw) || typeof raw.role !== 'string') throw badRequest(`${where} must be an object with a 'role'`);
    switch (raw.role) {
      case 'system':
      case 'developer': {
        const text = textOnly(raw.content, where);
        if (text !== '') system.push({ text });
        break;
      }
      case 'user':
        append(contents, 'user', userParts(raw.content, where));
        break;
      case 'assistant':
        append(contents, 'model', modelParts(raw, where, callNames));
        break;
      case 'tool':
        append(contents, 'user', [functionResponse(raw, where, callNames)]);
        break;
      default:
        throw badRequest(`${where}.role '${raw.role}' is not supported by gemini (use system, developer, user, assistant or tool)`);
    }
  });
  const prompt: GeminiPrompt = { contents };
  if (system.length > 0) prompt.systemInstruction = { parts: system };
  return prompt;
}

function append(contents: GeminiContent[], role: GeminiRole, parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const last = contents[contents.length - 1];
  if (last && last.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

function modelParts(msg: Record<string, unknown>, where: string, callNames: Map<string, string>): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const text = textOnly(msg.content, where);
  if (text !== '') parts.push({ text });
  const calls = msg.tool_calls;
  if (calls === undefined || calls === null) return parts;
  if (!Array.isArray(calls)) throw badRequest(`${where}.tool_calls must be an array`);
  calls.forEach((call: unknown, j) => {
    const at = `${where}.tool_calls[${j}]`;
    if (!isRecord(call) || typeof call.id !== 'string') throw badRequest(`${at}.id must be a string`);
    const fn = call.function;
    if (!isRecord(fn) || typeof fn.name !== 'string') throw badRequest(`${at}.function.name must be a string`);
    if (fn.arguments !== undefined && typeof fn.arguments !== 'string') throw badRequest(`${at}.function.arguments must be a string`);
    callNames.set(call.id, fn.name);
    parts.push({ functionCall: { name: fn.name, args: parseToolArguments(fn.arguments) } });
  });
  return parts;
}

/**
 * A tool result as Gemini's `functionResponse`. The response must be an object: a result that is
 * a JSON object is sent as it is, any other text as `{"content": text}`.
 * @see https://ai.google.dev/api/caching#FunctionResponse
 */
function functionResponse(msg: Record<string, unknown>, where: string, callNames: Map<string, string>): GeminiPart {
  if (typeof msg.tool_call_id !== 'string') throw badRequest(`${where}.tool_call_id must be a string`);
  const name = callNames.get(msg.tool_call_id);
  if (name === undefined) throw badRequest(`${where}.tool_call_id '${msg.tool_call_id}' does not answer any earlier assistant tool call`);
  const text = textOnly(msg.content, where);
  return { functionResponse: { name, response: responseObject(text) } };
}

function responseObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed)) return parsed;
  } catch {
    // Plain text: wrapped below.
  }
  return { content: text };
}

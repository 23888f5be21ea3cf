import { badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import { parseToolArguments } from '../shared/openai-builders';
import { toCohereResponseFormat } from './response-format';
import { cohereSampling } from './sampling';
import { readFunctionTool } from './function-tool';
import { applyCohereToolChoice } from './tool-choice';
import { cohereTextContent, isRecord } from './wire';

type V2Message = Record<string, unknown>;

interface V2Tool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/**
 * OpenAI chat → Cohere v2 chat, whose messages and tools are close to OpenAI's:
 * - `developer` is `system`; user content may hold text and `image_url` parts;
 * - an assistant turn with tool calls sends its text as `tool_plan` (what v2 answers with there);
 * - `tool_choice` `required` / `none` are `REQUIRED` / `NONE`; a named function is sent as
 *   `REQUIRED` with only that function offered (v2 cannot name one); `auto` is the default.
 * @see https://docs.cohere.com/reference/chat
 * @see https://docs.cohere.com/docs/tool-use-overview
 */
export function toCohereV2Chat(req: OpenAIRequest, model: string, stream: boolean): Record<string, unknown> {
  if (!Array.isArray(req.messages) || req.messages.length === 0) throw badRequest("'messages' must be a non-empty array");
  const body: Record<string, unknown> = {
    model,
    messages: req.messages.map((m: unknown, i) => toV2Message(m, `messages[${i}]`)),
    stream,
    ...cohereSampling(req),
  };
  const tools = req.tools === undefined || req.tools === null ? undefined : toV2Tools(req.tools);
  Object.assign(body, applyCohereToolChoice(req.tool_choice, tools, (t) => t.function.name));
  const responseFormat = toCohereResponseFormat(req.response_format, 'v2');
  if (responseFormat) body.response_format = responseFormat;
  return body;
}

function toV2Message(raw: unknown, where: string): V2Message {
  if (!isRecord(raw) || typeof raw.role !== 'string') throw badRequest(`${where} must be an object with a 'role'`);
  switch (raw.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: cohereTextContent(raw.content, where) };
    case 'user':
      return { role: 'user', content: userContent(raw.content, where) };
    case 'assistant':
      return assistantMessage(raw, where);
    case 'tool':
      if (typeof raw.tool_call_id !== 'string') throw badRequest(`${where}.tool_call_id must be a string`);
      return { role: 'tool', tool_call_id: raw.tool_call_id, content: cohereTextContent(raw.content, where) };
    default:
      throw badRequest(`${where}.role '${raw.role}' is not supported by cohere (use system, developer, user, assistant or tool)`);
  }
}

/** @see https://docs.cohere.com/docs/image-inputs */
function userContent(content: unknown, where: string): string | Record<string, unknown>[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content parts`);
  return content.map((part: unknown, i) => {
    const at = `${where}.content[${i}]`;
    if (!isRecord(part)) throw badRequest(`${at} must be an object with a 'type'`);
    switch (part.type) {
      case 'text':
        if (typeof part.text !== 'string') throw badRequest(`${at}.text must be a string`);
        return { type: 'text', text: part.text };
      case 'image_url': {
        const image = part.image_url;
        const url = typeof image === 'string' ? image : isRecord(image) ? image.url : undefined;
        if (typeof url !== 'string') throw badRequest(`${at}.image_url.url must be a string`);
        const detail = isRecord(image) && typeof image.detail === 'string' ? { detail: image.detail } : {};
        return { type: 'image_url', image_url: { url, ...detail } };
      }
      default:
        throw badRequest(`${at}: content part type '${String(part.type)}' is not supported by cohere`);
    }
  });
}

function assistantMessage(raw: Record<string, unknown>, where: string): V2Message {
  const text = cohereTextContent(raw.content, where);
  const calls = raw.tool_calls;
  if (calls === undefined || calls === null || (Array.isArray(calls) && calls.length === 0)) return { role: 'assistant', content: text };
  if (!Array.isArray(calls)) throw badRequest(`${where}.tool_calls must be an array`);
  const message: V2Message = {
    role: 'assistant',
    tool_calls: calls.map((call: unknown, j) => {
      const at = `${where}.tool_calls[${j}]`;
      if (!isRecord(call) || typeof call.id !== 'string') throw badRequest(`${at}.id must be a string`);
      const fn = call.function;
      if (!isRecord(fn) || typeof fn.name !== 'string') throw badRequest(`${at}.function.name must be a string`);
      if (fn.arguments !== undefined && typeof fn.arguments !== 'string') throw badRequest(`${at}.function.arguments must be a string`);
      return { id: call.id, type: 'function', function: { name: fn.name, arguments: JSON.stringify(parseToolArguments(fn.arguments)) } };
    }),
  };
  if (text !== '') message.tool_plan = text;
  return message;
}

function toV2Tools(tools: unknown): V2Tool[] {
  if (!Array.isArray(tools)) throw badRequest("'tools' must be an array");
  return tools.map((tool: unknown, i) => {
    const { name, fn, where } = readFunctionTool(tool, `tools[${i}]`);
    if (fn.parameters !== undefined && fn.parameters !== null && !isRecord(fn.parameters)) {
      throw badRequest(`${where}.function.parameters must be an object`);
    }
    const out: V2Tool = { type: 'function', function: { name, parameters: fn.parameters ?? { type: 'object', properties: {} } } };
    if (typeof fn.description === 'string') out.function.description = fn.description;
    return out;
  });
}

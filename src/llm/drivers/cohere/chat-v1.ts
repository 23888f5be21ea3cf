import { badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import { cohereSampling } from './sampling';
import { cohereTextContent, isRecord } from './wire';

/** @see https://docs.cohere.com/v1/reference/chat#request.body.chat_history */
interface CohereV1Turn {
  role: 'USER' | 'CHATBOT';
  message: string;
}

/** Several system messages become one preamble, one paragraph each. */
const PREAMBLE_SEPARATOR = '\n\n';

/**
 * OpenAI chat → Cohere v1 chat: the last user message is `message`, the turns before it are
 * `chat_history` (USER / CHATBOT), system and developer messages are lifted into `preamble`
 * (Kong puts them into the history as CHATBOT turns; v1's `preamble` is the field for them).
 * v1 tools carry no call ids and describe parameters in their own flat format, so tools are only
 * translated on the v2 API, whose shape matches OpenAI's (Kong forwards tool requests in OpenAI
 * format, which v1 rejects).
 * @see https://docs.cohere.com/v1/reference/chat
 * @see kong/llm/drivers/cohere.lua handle_json_inference_event
 */
export function toCohereV1Chat(req: OpenAIRequest, model: string, stream: boolean): Record<string, unknown> {
  if (req.tools !== undefined || req.tool_choice !== undefined) {
    throw badRequest("tools need Cohere's v2 chat API: set model.options.upstream_path to /v2/chat");
  }
  if (req.prompt !== undefined && req.messages !== undefined) {
    throw badRequest("cannot run a 'prompt' and a history of 'messages' at the same time - refer to schema");
  }
  const messages = req.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw badRequest("'messages' must be a non-empty array");
  const preamble: string[] = [];
  const turns: CohereV1Turn[] = [];
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
        if (raw.tool_calls !== undefined && raw.tool_calls !== null) throw badRequest(`${where}: tool calls need Cohere's v2 chat API`);
        turns.push({ role: 'CHATBOT', message: text });
        break;
      default:
        throw badRequest(`${where}.role '${raw.role}' is not supported by cohere v1 chat (use system, developer, user or assistant)`);
    }
  });
  const last = turns.pop();
  if (!last || last.role !== 'USER') throw badRequest("the last message must be the user's for cohere v1 chat");
  const body: Record<string, unknown> = { model, message: last.message, stream, ...cohereSampling(req) };
  if (turns.length > 0) body.chat_history = turns;
  if (preamble.length > 0) body.preamble = preamble.join(PREAMBLE_SEPARATOR);
  return body;
}

import { badRequest } from '../../errors';
import { textOnlyContent } from './content';
import { isRecord } from './wire';
import { singlePrompt } from '../shared/single-prompt';

const HUMAN = '\n\nHuman:';
const ASSISTANT = '\n\nAssistant:';

/**
 * The legacy Text Completions prompt. A `prompt` becomes one Human turn; `messages` are flattened
 * into alternating turns as Kong does, system text first without a role. Anthropic requires the
 * prompt to start with `\n\nHuman:` and to end with the open `\n\nAssistant:` turn (Kong omits the
 * leading newlines, which the API rejects).
 * @see https://docs.anthropic.com/en/api/prompt-validation
 * @see kong/llm/drivers/anthropic.lua kong_prompt_to_claude_prompt, kong_messages_to_claude_prompt
 */
export function toAnthropicPrompt(prompt: unknown, messages: unknown): string {
  if (prompt !== undefined && prompt !== null) return `${HUMAN} ${anthropicPrompt(prompt)}${ASSISTANT}`;
  if (messages !== undefined && messages !== null) return flattenMessages(messages);
  throw badRequest('request is missing .prompt and .messages commands');
}

function anthropicPrompt(prompt: unknown): string {
  const single = singlePrompt(prompt);
  if (single !== undefined) return single;
  throw badRequest("'prompt' must be a string (anthropic completes one prompt per request)");
}

function flattenMessages(messages: unknown): string {
  if (!Array.isArray(messages)) throw badRequest("'messages' must be an array");
  let system = '';
  let turns = '';
  messages.forEach((raw: unknown, i) => {
    const where = `messages[${i}]`;
    if (!isRecord(raw) || typeof raw.role !== 'string') throw badRequest(`${where} must be an object with a 'role'`);
    const text = textOnlyContent(raw.content, where);
    switch (raw.role) {
      case 'system':
      case 'developer':
        system += text;
        break;
      case 'user':
        turns += `${HUMAN} ${text}`;
        break;
      case 'assistant':
        turns += `${ASSISTANT} ${text}`;
        break;
      default:
        throw badRequest(`${where}.role '${raw.role}' is not supported by anthropic completions (use system, user or assistant)`);
    }
  });
  // A system prompt precedes the first Human turn. @see https://docs.anthropic.com/en/docs/legacy-model-guide
  return `${system}${turns}${ASSISTANT}`;
}

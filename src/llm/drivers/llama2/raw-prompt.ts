import { badRequest } from '../../errors';
import type { ChatMessage } from '../../types';
import { contentText } from '../shared/openai-builders';

/**
 * Chat history → one Llama 2 prompt, laid out as Kong lays it out:
 * the first message is the system prompt `<s>[INST] <<SYS>> {system} <</SYS>>`, the second the first
 * question ` {user} [/INST]`, then each model answer ` {answer} </s>` and each further question
 * ` <s>[INST] {user} [/INST]`.
 * Kong writes an answer for a later message of role `system` (its comment names it
 * `model_answer`), and drops `assistant` messages; OpenAI clients send answers as `assistant`, so both
 * roles are written as answers here. Tool results have no place in this template: a 400.
 * @see https://huggingface.co/blog/llama2#how-to-prompt-llama-2
 * @see kong/llm/drivers/llama2.lua messages_to_inst
 */
export function toLlama2ChatPrompt(messages: readonly ChatMessage[]): string {
  let prompt = '';
  messages.forEach((message, i) => {
    const text = contentText(message.content);
    if (i === 0) {
      prompt += `<s>[INST] <<SYS>> ${text} <</SYS>>`;
      return;
    }
    if (i === 1) {
      prompt += ` ${text} [/INST]`;
      return;
    }
    switch (message.role) {
      case 'system':
      case 'developer':
      case 'assistant':
        prompt += ` ${text} </s>`;
        return;
      case 'user':
        prompt += ` <s>[INST] ${text} [/INST]`;
        return;
      case 'tool':
      case 'function':
        throw badRequest(`messages[${i}]: role '${message.role}' is not supported by the llama2 raw format`);
      default:
        throw badRequest(`messages[${i}]: unsupported role '${String((message as { role: unknown }).role)}'`);
    }
  });
  return prompt;
}

/**
 * A bare completion prompt wrapped as Kong wraps it, with its fixed system prompt (Kong's template
 * closes the system block with `<<SYS>>`, not `<</SYS>>`; kept, so both gateways send the same text).
 * @see kong/llm/drivers/llama2.lua to_raw
 */
export function toLlama2CompletionPrompt(prompt: string): string {
  return `<s> [INST] <<SYS>> You are a helpful assistant. <<SYS>> ${prompt} [/INST]`;
}

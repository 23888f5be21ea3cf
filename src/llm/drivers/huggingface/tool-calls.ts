import type { ToolCall } from '../../types';
import { ollamaToolCallId } from '../ollama/tool-calls';
import { isRecord } from '../../is-record';

/**
 * Tool calls of text-generation-inference's Messages API → OpenAI's. Older TGI versions write
 * `arguments` as an object and leave `id` empty; both are made what OpenAI clients expect (a JSON
 * string, an id derived from the response id). Returns undefined when the list is malformed.
 * @see https://huggingface.co/docs/text-generation-inference/basic_tutorials/using_guidance#tools-and-functions
 */
export function fromHuggingfaceToolCalls(value: unknown, responseId: string, firstIndex = 0): ToolCall[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const calls: ToolCall[] = [];
  for (const [i, call] of value.entries()) {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string') return undefined;
    const args = call.function.arguments;
    let argumentsText: string;
    if (typeof args === 'string') argumentsText = args;
    else if (isRecord(args)) argumentsText = JSON.stringify(args);
    else if (args === undefined || args === null) argumentsText = '{}';
    else return undefined;
    const id = typeof call.id === 'string' && call.id !== '' ? call.id : ollamaToolCallId(responseId, firstIndex + i);
    calls.push({ id, type: 'function', function: { name: call.function.name, arguments: argumentsText } });
  }
  return calls;
}

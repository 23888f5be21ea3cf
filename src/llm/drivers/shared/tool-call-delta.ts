import type { ToolCall } from '../../types';

/**
 * The tool-call deltas of an OpenAI chat stream: the first names the call (index, id, name, empty
 * arguments), the following ones carry only fragments of its arguments.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export function toolCallStartDelta(index: number, id: string, name: string): Partial<ToolCall> {
  return { index, id, type: 'function', function: { name, arguments: '' } };
}

/** The shared chunk type declares `function` with both fields; a fragment has only `arguments`. */
export function toolCallArgumentsDelta(index: number, fragment: string): Partial<ToolCall> {
  return { index, function: { arguments: fragment } } as Partial<ToolCall>;
}

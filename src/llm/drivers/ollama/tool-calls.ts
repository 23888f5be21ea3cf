import type { ToolCall } from '../../types';
import type { OllamaToolCall } from './types';

/**
 * Ollama tool calls → OpenAI tool calls: `arguments` becomes the JSON string OpenAI clients parse.
 * Ollama gives ids only in recent versions; otherwise one is derived from the response id, so the
 * same answer always gets the same ids and a client can answer each call by id.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-with-tools
 */
export function fromOllamaToolCalls(calls: readonly OllamaToolCall[], responseId: string, firstIndex = 0): ToolCall[] {
  return calls.map((call, i) => {
    const index = firstIndex + i;
    return {
      id: typeof call.id === 'string' && call.id !== '' ? call.id : ollamaToolCallId(responseId, index),
      type: 'function',
      function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments ?? {}) },
    };
  });
}

export function ollamaToolCallId(responseId: string, index: number): string {
  return `call_${responseId.replace(/^chatcmpl-/, '')}_${index}`;
}

/** A well-formed list of Ollama tool calls (a name and an object of arguments each). */
export function isOllamaToolCalls(value: unknown): value is OllamaToolCall[] {
  return (
    Array.isArray(value) &&
    value.every((call: unknown) => {
      if (typeof call !== 'object' || call === null) return false;
      const fn = (call as { function?: unknown }).function;
      if (typeof fn !== 'object' || fn === null) return false;
      const { name, arguments: args } = fn as { name?: unknown; arguments?: unknown };
      return typeof name === 'string' && (args === undefined || (typeof args === 'object' && args !== null && !Array.isArray(args)));
    })
  );
}

import type { OpenAIRequest } from '../../types';
import { mapParameters, type ParameterRule } from './parameters';
import type { OllamaOptions } from './types';

/**
 * OpenAI sampling fields → Ollama `options`. Kong maps max_tokens, temperature, top_p and top_k;
 * stop, seed and the penalties are documented Ollama options too, so they are not dropped.
 * @see https://github.com/ollama/ollama/blob/main/docs/modelfile.md#valid-parameters-and-values
 * @see kong/llm/drivers/shared.lua to_ollama
 */
const OLLAMA_OPTIONS: Readonly<Record<keyof OllamaOptions, ParameterRule>> = {
  num_predict: { from: ['max_tokens', 'max_completion_tokens'], kind: 'number' },
  temperature: { from: ['temperature'], kind: 'number' },
  top_p: { from: ['top_p'], kind: 'number' },
  top_k: { from: ['top_k'], kind: 'number' },
  stop: { from: ['stop'], kind: 'stop' },
  seed: { from: ['seed'], kind: 'number' },
  presence_penalty: { from: ['presence_penalty'], kind: 'number' },
  frequency_penalty: { from: ['frequency_penalty'], kind: 'number' },
};

/** The `options` object, or undefined when the request sets none of them. */
export function toOllamaOptions(req: OpenAIRequest): OllamaOptions | undefined {
  const options = mapParameters(req, OLLAMA_OPTIONS) as OllamaOptions;
  return Object.keys(options).length > 0 ? options : undefined;
}

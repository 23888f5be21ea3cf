import type { OpenAIRequest } from '../../types';
import { badRequest } from '../../errors';
import { stopSequences } from '../shared/openai-builders';

/**
 * OpenAI sampling fields and their Cohere names; the same on v1 chat, v2 chat and generate.
 * @see https://docs.cohere.com/reference/chat#request.body.temperature
 * @see kong/llm/drivers/cohere.lua handle_json_inference_event (top_p → p, top_k → k)
 */
const SAMPLING_FIELDS = [
  ['temperature', 'temperature'],
  ['top_p', 'p'],
  ['top_k', 'k'],
  ['seed', 'seed'],
  ['frequency_penalty', 'frequency_penalty'],
  ['presence_penalty', 'presence_penalty'],
] as const;

export function cohereSampling(req: OpenAIRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [from, to] of SAMPLING_FIELDS) {
    const value = req[from];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number') throw badRequest(`'${from}' must be a number`);
    out[to] = value;
  }
  const maxTokens = req.max_tokens ?? req.max_completion_tokens;
  if (maxTokens !== undefined && maxTokens !== null) out.max_tokens = maxTokens;
  const stop = stopSequences(req.stop);
  if (stop !== undefined && stop.length > 0) out.stop_sequences = stop;
  return out;
}

import { badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import { cohereSampling } from './sampling';
import { singlePrompt } from '../shared/single-prompt';

/**
 * OpenAI completions → Cohere generate. `n` is `num_generations`.
 * @see https://docs.cohere.com/v1/reference/generate
 * @see kong/llm/drivers/cohere.lua handle_json_inference_event
 */
export function toCohereGenerate(req: OpenAIRequest, model: string, stream: boolean): Record<string, unknown> {
  if (req.prompt !== undefined && req.messages !== undefined) {
    throw badRequest("cannot run a 'prompt' and a history of 'messages' at the same time - refer to schema");
  }
  const body: Record<string, unknown> = { model, prompt: coherePrompt(req.prompt), stream, ...cohereSampling(req) };
  if (typeof req.n === 'number') body.num_generations = req.n;
  return body;
}

function coherePrompt(prompt: unknown): string {
  const single = singlePrompt(prompt);
  if (single !== undefined) return single;
  if (prompt === undefined || prompt === null) throw badRequest('request is missing .prompt command');
  throw badRequest("'prompt' must be a string (cohere generates for one prompt per request)");
}

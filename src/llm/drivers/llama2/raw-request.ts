import { badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import type { DriverContext, UpstreamBody } from '../types';
import { PROMPT_AND_MESSAGES } from '../ollama';
import { mapParameters, type ParameterRule } from '../ollama/parameters';
import { toLlama2ChatPrompt, toLlama2CompletionPrompt } from './raw-prompt';
import { singlePrompt } from '../shared/single-prompt';

/** The raw format's `parameters` (text-generation-inference style names), as Kong maps them. */
const RAW_PARAMETERS = {
  max_new_tokens: { from: ['max_tokens', 'max_completion_tokens'], kind: 'number' },
  top_p: { from: ['top_p'], kind: 'number' },
  top_k: { from: ['top_k'], kind: 'number' },
  temperature: { from: ['temperature'], kind: 'number' },
} as const satisfies Record<string, ParameterRule>;

/** The body of a llama2 `raw` request: `{"inputs": prompt, "parameters": {...}}`. */
export interface Llama2RawRequest {
  inputs: string;
  parameters: Partial<Record<keyof typeof RAW_PARAMETERS, number>> & { stream: boolean };
}

/**
 * OpenAI request → llama2 raw body. The raw format has no stream Kong can translate and no
 * embeddings (Kong's docs: "Raw format lacks support for llm/v1/embeddings"): both are a 400.
 * @see kong/llm/drivers/llama2.lua to_raw
 */
export function toLlama2RawBody(req: OpenAIRequest, ctx: DriverContext): UpstreamBody {
  if (ctx.routeType === 'llm/v1/embeddings') throw badRequest('the llama2 raw format does not support llm/v1/embeddings');
  if (ctx.stream) throw badRequest('the llama2 raw format does not support streaming');
  if (req.prompt !== undefined && req.messages !== undefined) throw badRequest(PROMPT_AND_MESSAGES);
  const body: Llama2RawRequest = {
    inputs: rawInputs(req, ctx),
    parameters: { ...(mapParameters(req, RAW_PARAMETERS) as Partial<Record<keyof typeof RAW_PARAMETERS, number>>), stream: false },
  };
  return { body };
}

function rawInputs(req: OpenAIRequest, ctx: DriverContext): string {
  if (ctx.routeType === 'llm/v1/chat') {
    if (!Array.isArray(req.messages)) throw badRequest("'messages' must be an array for llm/v1/chat");
    return toLlama2ChatPrompt(req.messages);
  }
  const prompt = singlePrompt(req.prompt);
  if (prompt === undefined) throw badRequest("'prompt' must be a string for llm/v1/completions");
  return toLlama2CompletionPrompt(prompt);
}

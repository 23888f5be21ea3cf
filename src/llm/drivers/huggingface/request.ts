import { badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import { PROMPT_AND_MESSAGES } from '../ollama';
import { mapParameters, type ParameterRule } from '../ollama/parameters';
import { toOpenAIBody } from '../openai';
import type { DriverContext, UpstreamBody } from '../types';
import { inferenceHeaders, inferenceOptions } from './options';
import { singlePrompt } from '../shared/single-prompt';

/**
 * OpenAI sampling fields → text-generation `parameters`.
 * @see https://huggingface.co/docs/api-inference/tasks/text-generation
 * @see kong/llm/drivers/huggingface.lua set_default_parameters
 */
const GENERATION_PARAMETERS = {
  max_new_tokens: { from: ['max_tokens', 'max_completion_tokens'], kind: 'number' },
  temperature: { from: ['temperature'], kind: 'number' },
  top_p: { from: ['top_p'], kind: 'number' },
  top_k: { from: ['top_k'], kind: 'number' },
  stop: { from: ['stop'], kind: 'stop' },
  seed: { from: ['seed'], kind: 'number' },
  frequency_penalty: { from: ['frequency_penalty'], kind: 'number' },
} as const satisfies Record<string, ParameterRule>;

export interface HuggingfaceGenerateRequest {
  inputs: string;
  parameters: Record<string, number | string[] | boolean>;
  options: { use_cache: boolean; wait_for_model: boolean };
  stream: boolean;
}

export interface HuggingfaceEmbedRequest {
  inputs: string | string[];
  options: { use_cache: boolean; wait_for_model: boolean };
}

/**
 * OpenAI request → Hugging Face body. Chat goes to the model's OpenAI-compatible Messages API, so
 * the body is OpenAI's and the Inference API flags travel as headers. Completions use the
 * text-generation task: the prompt is `inputs`, the answer leaves the prompt out unless the client
 * asked for `echo`, and `details` is asked for so that the finish reason and token count come back.
 * Embeddings use the feature-extraction task.
 * @see kong/llm/drivers/huggingface.lua to_huggingface
 */
export function toHuggingfaceBody(req: OpenAIRequest, ctx: DriverContext): UpstreamBody {
  const hf = ctx.model.options.huggingface;
  switch (ctx.routeType) {
    case 'llm/v1/chat': {
      if (req.prompt !== undefined && req.messages !== undefined) throw badRequest(PROMPT_AND_MESSAGES);
      return { body: toOpenAIBody(req, ctx).body, headers: inferenceHeaders(hf) };
    }
    case 'llm/v1/completions': {
      if (req.prompt !== undefined && req.messages !== undefined) throw badRequest(PROMPT_AND_MESSAGES);
      const body: HuggingfaceGenerateRequest = {
        inputs: generationPrompt(req.prompt),
        parameters: { ...mapParameters(req, GENERATION_PARAMETERS), return_full_text: req.echo === true, details: true },
        options: inferenceOptions(hf),
        stream: ctx.stream,
      };
      return { body };
    }
    case 'llm/v1/embeddings': {
      if (req.dimensions != null || ctx.model.options.embeddings_dimensions != null) {
        throw badRequest("the huggingface feature-extraction task does not support 'dimensions'");
      }
      const body: HuggingfaceEmbedRequest = { inputs: textInput(req.input), options: inferenceOptions(hf) };
      return { body };
    }
  }
}

function generationPrompt(prompt: OpenAIRequest['prompt']): string {
  const single = singlePrompt(prompt);
  if (single !== undefined) return single;
  if (Array.isArray(prompt)) throw badRequest("the huggingface text-generation task takes one 'prompt' string per request");
  throw badRequest("'prompt' must be a string for llm/v1/completions");
}

function textInput(input: OpenAIRequest['input']): string | string[] {
  if (typeof input === 'string') return input;
  if (Array.isArray(input) && input.every((s): s is string => typeof s === 'string')) return input;
  throw badRequest("'input' must be a string or an array of strings for huggingface embeddings");
}

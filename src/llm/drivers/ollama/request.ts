import { badRequest } from '../../errors';
import type { OpenAIRequest, ToolDefinition } from '../../types';
import type { DriverContext, UpstreamBody } from '../types';
import { toOllamaFormat } from './format';
import { toOllamaMessages } from './messages';
import { toOllamaOptions } from './options';
import type { OllamaChatRequest, OllamaEmbedRequest, OllamaGenerateRequest, OllamaTool } from './types';
import { singlePrompt } from '../shared/single-prompt';

/** Kong's own words for a request that is both a chat and a completion. */
export const PROMPT_AND_MESSAGES =
  "cannot run raw 'prompt' and chat history 'messages' requests at the same time - refer to schema";

/**
 * OpenAI request → Ollama body: /api/chat for chat, /api/generate for completions, /api/embed for
 * embeddings (the caller's `upstream_url` names the endpoint). `stream` is always explicit.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 * @see kong/llm/drivers/shared.lua to_ollama
 */
export function toOllamaBody(req: OpenAIRequest, ctx: DriverContext): UpstreamBody {
  if (req.prompt !== undefined && req.messages !== undefined) throw badRequest(PROMPT_AND_MESSAGES);
  switch (ctx.routeType) {
    case 'llm/v1/chat':
      return { body: toOllamaChat(req, ctx) };
    case 'llm/v1/completions':
      return { body: toOllamaGenerate(req, ctx) };
    case 'llm/v1/embeddings':
      return { body: toOllamaEmbed(req, ctx) };
  }
}

function toOllamaChat(req: OpenAIRequest, ctx: DriverContext): OllamaChatRequest {
  if (!Array.isArray(req.messages)) throw badRequest("'messages' must be an array for llm/v1/chat");
  const body: OllamaChatRequest = { model: ctx.model.name, messages: toOllamaMessages(req.messages), stream: ctx.stream };
  // Ollama has no tool_choice: 'none' is honoured by not offering the tools; other choices cannot be forced.
  if (req.tools && req.tools.length > 0 && req.tool_choice !== 'none') body.tools = req.tools.map(toOllamaTool);
  const format = toOllamaFormat(req.response_format);
  if (format !== undefined) body.format = format;
  const options = toOllamaOptions(req);
  if (options) body.options = options;
  return body;
}

function toOllamaGenerate(req: OpenAIRequest, ctx: DriverContext): OllamaGenerateRequest {
  const body: OllamaGenerateRequest = { model: ctx.model.name, prompt: ollamaPrompt(req.prompt), stream: ctx.stream };
  const format = toOllamaFormat(req.response_format);
  if (format !== undefined) body.format = format;
  const options = toOllamaOptions(req);
  if (options) body.options = options;
  return body;
}

function toOllamaEmbed(req: OpenAIRequest, ctx: DriverContext): OllamaEmbedRequest {
  const input = req.input;
  const isText = typeof input === 'string' || (Array.isArray(input) && input.every((s) => typeof s === 'string'));
  if (!isText) throw badRequest("'input' must be a string or an array of strings for the ollama format");
  const body: OllamaEmbedRequest = { model: ctx.model.name, input: input as string | string[] };
  const dimensions = req.dimensions ?? ctx.model.options.embeddings_dimensions;
  if (dimensions != null) body.dimensions = dimensions;
  return body;
}

/** /api/generate takes one prompt string; OpenAI also allows an array (one completion per entry). */
function ollamaPrompt(prompt: OpenAIRequest['prompt']): string {
  const single = singlePrompt(prompt);
  if (single !== undefined) return single;
  if (Array.isArray(prompt)) throw badRequest("the ollama format takes one 'prompt' string per request");
  throw badRequest("'prompt' must be a string for llm/v1/completions");
}

function toOllamaTool(tool: ToolDefinition, i: number): OllamaTool {
  if (tool.type !== 'function' || typeof tool.function?.name !== 'string') {
    throw badRequest(`tools[${i}]: only function tools are supported`);
  }
  const { name, description, parameters } = tool.function;
  return {
    type: 'function',
    function: { name, ...(description !== undefined ? { description } : {}), ...(parameters !== undefined ? { parameters } : {}) },
  };
}

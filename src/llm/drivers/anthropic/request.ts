import type { DriverContext, UpstreamBody } from '../types';
import type { OpenAIRequest } from '../../types';
import { badRequest } from '../../errors';
import { stopSequences } from '../shared/openai-builders';
import { convertToAnthropicMessages } from './messages';
import { toAnthropicPrompt } from './prompt';
import { STRUCTURED_OUTPUT_TOOL_NAME, isStructuredOutputTool, structuredOutputTool } from './structured-output';
import { prepareAnthropicTools } from './tools';
import { anthropicRouteType } from './url';
import type { AnthropicCompleteRequest, AnthropicMessagesRequest, AnthropicSampling } from './wire';

/**
 * Sent when neither the request nor `model.options.max_tokens` sets a limit: Anthropic requires
 * one (Kong sends none and the API answers 400 "max_tokens: Field required").
 */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/**
 * The OpenAI request fields Anthropic takes under another name or shape (both endpoints).
 * Fields absent here (n, presence_penalty, frequency_penalty, seed, logprobs…) have no Anthropic
 * counterpart and are not sent, as in Kong, which builds the provider body from scratch.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/api/openai-sdk#simple-fields
 */
function samplingFields(req: OpenAIRequest): AnthropicSampling {
  const out: AnthropicSampling = {};
  if (typeof req.temperature === 'number') out.temperature = req.temperature;
  if (typeof req.top_p === 'number') out.top_p = req.top_p;
  if (typeof req.top_k === 'number') out.top_k = req.top_k;
  const stop = stopSequences(req.stop);
  if (stop !== undefined && stop.length > 0) out.stop_sequences = stop;
  if (typeof req.user === 'string' && req.user !== '') out.metadata = { user_id: req.user };
  return out;
}

function maxTokens(req: OpenAIRequest): number {
  const requested = req.max_tokens ?? req.max_completion_tokens;
  if (requested === undefined || requested === null) return ANTHROPIC_DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(requested) || requested < 1) throw badRequest("'max_tokens' must be a positive integer");
  return requested;
}

/** `anthropic-version` is required by the API and comes from the config, not from the client. */
function versionHeader(ctx: DriverContext): Record<string, string> {
  const version = ctx.model.options.anthropic_version;
  return version ? { 'anthropic-version': version } : {};
}

/**
 * OpenAI chat → Messages body; OpenAI completions → legacy Text Completions body.
 * @see kong/llm/drivers/anthropic.lua transformers_to
 */
export function toAnthropicBody(req: OpenAIRequest, ctx: DriverContext): UpstreamBody {
  const routeType = anthropicRouteType(ctx.routeType);
  switch (routeType) {
    case 'llm/v1/chat':
      return { body: toMessagesRequest(req, ctx), headers: versionHeader(ctx) };
    case 'llm/v1/completions':
      return { body: toCompleteRequest(req, ctx), headers: versionHeader(ctx) };
  }
}

function toMessagesRequest(req: OpenAIRequest, ctx: DriverContext): AnthropicMessagesRequest {
  const prompt = convertToAnthropicMessages(req.messages);
  const tools = prepareAnthropicTools(req.tools, req.tool_choice, req.parallel_tool_calls);
  if (tools.tools?.some((t) => isStructuredOutputTool(t.name))) throw badRequest(`the tool name '${STRUCTURED_OUTPUT_TOOL_NAME}' is reserved`);
  const structured = structuredOutputTool(req.response_format);
  if (structured) {
    tools.tools = [...(tools.tools ?? []), structured.tool];
    tools.tool_choice = structured.tool_choice;
  }
  const body: AnthropicMessagesRequest = {
    model: ctx.model.name,
    messages: prompt.messages,
    max_tokens: maxTokens(req),
    stream: ctx.stream,
    ...samplingFields(req),
    ...tools,
  };
  if (prompt.system !== undefined) body.system = prompt.system;
  return body;
}

function toCompleteRequest(req: OpenAIRequest, ctx: DriverContext): AnthropicCompleteRequest {
  return {
    model: ctx.model.name,
    prompt: toAnthropicPrompt(req.prompt, req.messages),
    max_tokens_to_sample: maxTokens(req),
    stream: ctx.stream,
    ...samplingFields(req),
  };
}

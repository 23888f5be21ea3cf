import type { DriverContext, UpstreamBody } from '../types';
import type { OpenAIRequest } from '../../types';
import { badRequest, LlmError } from '../../errors';
import { toGeminiEmbed } from './embed';
import { generationConfig } from './generation-config';
import { convertToGeminiPrompt } from './messages';
import { prepareGeminiTools } from './tools';
import { geminiRouteType } from './url';
import type { GeminiGenerateRequest } from './wire';

/**
 * The OpenAI request → a Gemini body. The API key is the pipeline's auth (`x-goog-api-key` header
 * or `key` query parameter); a service-account token needs Google's auth library, which this
 * build does not ship, so such a config is refused rather than sent unauthenticated.
 * @see https://ai.google.dev/gemini-api/docs/api-key
 */
export function toGeminiBody(req: OpenAIRequest, ctx: DriverContext): UpstreamBody {
  if (ctx.conf.auth?.gcp_use_service_account === true) {
    throw new LlmError(500, 'gemini service-account auth (auth.gcp_use_service_account) is not supported by ai-proxy-js yet; use an API key (auth.header_name: x-goog-api-key)');
  }
  const routeType = geminiRouteType(ctx.routeType);
  switch (routeType) {
    case 'llm/v1/chat':
      return { body: toGeminiGenerate(req, ctx) };
    case 'llm/v1/embeddings':
      return { body: toGeminiEmbed(req, ctx) };
  }
}

/**
 * Chat → `generateContent` / `streamGenerateContent` (the stream is chosen by the URL, not the body).
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function toGeminiGenerate(req: OpenAIRequest, ctx: DriverContext): GeminiGenerateRequest {
  const prompt = convertToGeminiPrompt(req.messages);
  // System instructions came with Gemini 1.5; Kong refuses them for 1.0 models.
  if (prompt.systemInstruction && ctx.model.name.startsWith('gemini-1.0')) throw badRequest("system prompts aren't supported on gemini-1.0 models");
  const body: GeminiGenerateRequest = { contents: prompt.contents };
  if (prompt.systemInstruction) body.systemInstruction = prompt.systemInstruction;
  const tools = prepareGeminiTools(req.tools, req.tool_choice);
  if (tools.tools) body.tools = tools.tools;
  if (tools.toolConfig) body.toolConfig = tools.toolConfig;
  const config = generationConfig(req);
  if (config) body.generationConfig = config;
  return body;
}

import { badRequest } from '../errors';
import type { LlmRouteType } from '../types';

/** Kong's message for a body without a usable prompt. @see normalize-request.lua validate_incoming */
export const NO_PROMPT_MESSAGE = "request body doesn't contain valid prompts";

/** Which route type a body is written for, judged by its fields, as Kong's `identify_request` does. */
function identify(body: Record<string, unknown>): LlmRouteType[] {
  const formats: LlmRouteType[] = [];
  if (Array.isArray(body.messages) && body.messages.length > 0) formats.push('llm/v1/chat');
  if (typeof body.prompt === 'string' || (Array.isArray(body.prompt) && body.prompt.length > 0)) formats.push('llm/v1/completions');
  if (body.input !== undefined && formats.length === 0) formats.push('llm/v1/embeddings');
  return formats;
}

/**
 * Checks that the body carries prompts and is written for the route's type, with Kong's messages.
 * @see kong/llm/init.lua is_compatible
 */
export function assertRouteFormat(body: Record<string, unknown>, routeType: LlmRouteType): void {
  const formats = identify(body);
  if (formats.length === 0) {
    if (routeType === 'llm/v1/embeddings') throw badRequest("request body doesn't contain valid input");
    throw badRequest(NO_PROMPT_MESSAGE);
  }
  if (formats.length > 1) throw badRequest('request matches multiple LLM request formats');
  const [format] = formats;
  if (format !== routeType) {
    throw badRequest(`[${format}] message format is not compatible with [${routeType}] route type`);
  }
  if (routeType === 'llm/v1/embeddings') {
    const input = body.input;
    const ok = typeof input === 'string' ? input.length > 0 : Array.isArray(input) && input.length > 0;
    if (!ok) throw badRequest("request body doesn't contain valid input");
  }
}

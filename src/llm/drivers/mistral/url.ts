import { badRequest } from '../../errors';
import type { LlmRouteType } from '../../types';
import { selfHostedUrl } from '../llama2';
import { OLLAMA_PATHS } from '../ollama';
import { OPENAI_PATHS } from '../openai';
import type { DriverContext, UpstreamTarget } from '../types';
import { resolveUpstreamUrl } from '../upstream-url';
import type { MistralFormat } from './format';

/** Mistral's own API. @see kong/llm/drivers/shared.lua upstream_url_format.mistral */
export const MISTRAL_BASE_URL = 'https://api.mistral.ai:443';

/**
 * Paths on api.mistral.ai. Mistral has no OpenAI-style `/v1/completions` (its FIM endpoint has
 * another body), so completions need a self-hosted `upstream_url` or an explicit `upstream_path`.
 * @see https://docs.mistral.ai/api/
 */
const MISTRAL_PATHS: Record<LlmRouteType, string | undefined> = {
  'llm/v1/chat': '/v1/chat/completions',
  'llm/v1/completions': undefined,
  'llm/v1/embeddings': '/v1/embeddings',
};

/**
 * `upstream_url` (any format) is used as it is, with the format's endpoint appended when it names
 * only the server. Without it, the `openai` format goes to api.mistral.ai (`upstream_path` overrides
 * the path) and the `ollama` format, which only self-hosted servers speak, is a 400.
 * @see kong/llm/drivers/mistral.lua configure_request
 */
export function mistralUpstream(ctx: DriverContext, format: MistralFormat): UpstreamTarget {
  const { options } = ctx.model;
  if (options.upstream_url) {
    const defaultPath = format === 'ollama' ? OLLAMA_PATHS[ctx.routeType] : OPENAI_PATHS[ctx.routeType];
    return { method: 'POST', url: selfHostedUrl(options.upstream_url, defaultPath) };
  }
  switch (format) {
    case 'ollama':
      throw badRequest("model.options.upstream_url is required when mistral_format is 'ollama'");
    case 'openai': {
      const path = options.upstream_path ?? MISTRAL_PATHS[ctx.routeType];
      if (path === undefined) {
        throw badRequest(`mistral's API has no ${ctx.routeType} endpoint in the openai format: set model.options.upstream_url or upstream_path`);
      }
      return { method: 'POST', url: resolveUpstreamUrl({ ...options, upstream_path: path }, MISTRAL_BASE_URL, path) };
    }
  }
}

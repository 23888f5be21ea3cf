import type { LlmRouteType } from '../../types';
import type { DriverContext, UpstreamTarget } from '../types';
import { resolveUpstreamUrl } from '../upstream-url';

/** @see kong/llm/drivers/shared.lua upstream_url_format.cohere */
export const COHERE_BASE_URL = 'https://api.cohere.com:443';

/**
 * Default path per route type: chat and generate on v1 as Kong sends them, embeddings on v2
 * (provider-matrix.yaml). A path under `/v2/` (set with `upstream_path` or `upstream_url`) switches
 * chat to the v2 shape.
 * @see kong/llm/drivers/shared.lua operation_map.cohere
 * @see https://docs.cohere.com/v1/reference/chat
 * @see https://docs.cohere.com/reference/chat
 */
export const COHERE_PATHS: Record<LlmRouteType, string> = {
  'llm/v1/chat': '/v1/chat',
  'llm/v1/completions': '/v1/generate',
  'llm/v1/embeddings': '/v2/embed',
};

export type CohereApiVersion = 'v1' | 'v2';

export function cohereUpstream(ctx: DriverContext): UpstreamTarget {
  return { method: 'POST', url: resolveUpstreamUrl(ctx.model.options, COHERE_BASE_URL, COHERE_PATHS[ctx.routeType]) };
}

/** Which Cohere API shape this request speaks, read from the path it is sent to. */
export function cohereApiVersion(ctx: DriverContext): CohereApiVersion {
  return /(^|\/)v2\//.test(cohereUpstream(ctx).url.pathname) ? 'v2' : 'v1';
}

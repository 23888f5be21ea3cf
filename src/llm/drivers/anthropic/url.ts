import { LlmError } from '../../errors';
import type { LlmRouteType } from '../../types';
import type { DriverContext, UpstreamTarget } from '../types';
import { resolveUpstreamUrl } from '../upstream-url';

/** @see kong/llm/drivers/shared.lua upstream_url_format.anthropic */
export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com:443';

/** The route types Anthropic serves (provider-matrix.yaml: chat and the legacy completions). */
export const ANTHROPIC_ROUTE_TYPES = ['llm/v1/chat', 'llm/v1/completions'] as const satisfies readonly LlmRouteType[];
export type AnthropicRouteType = (typeof ANTHROPIC_ROUTE_TYPES)[number];

/**
 * Anthropic's path per route type.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/api/complete
 * @see kong/llm/drivers/shared.lua operation_map.anthropic
 */
export const ANTHROPIC_PATHS: Record<AnthropicRouteType, string> = {
  'llm/v1/chat': '/v1/messages',
  'llm/v1/completions': '/v1/complete',
};

export function isAnthropicRouteType(routeType: LlmRouteType): routeType is AnthropicRouteType {
  return (ANTHROPIC_ROUTE_TYPES as readonly string[]).includes(routeType);
}

/** The route type as one Anthropic serves, or a 400 naming what it serves. */
export function anthropicRouteType(routeType: LlmRouteType): AnthropicRouteType {
  if (isAnthropicRouteType(routeType)) return routeType;
  throw new LlmError(400, `anthropic does not support the route type '${routeType}' (supported: ${ANTHROPIC_ROUTE_TYPES.join(', ')})`);
}

export function anthropicUpstream(ctx: DriverContext): UpstreamTarget {
  const routeType = anthropicRouteType(ctx.routeType);
  return { method: 'POST', url: resolveUpstreamUrl(ctx.model.options, ANTHROPIC_BASE_URL, ANTHROPIC_PATHS[routeType]) };
}

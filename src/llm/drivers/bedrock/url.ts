import { LlmError } from '../../errors';
import type { LlmRouteType } from '../../types';
import type { DriverContext, UpstreamTarget } from '../types';
import { resolveUpstreamUrl } from '../upstream-url';

/** The route types Bedrock serves here: chat on the Converse API. */
export const BEDROCK_ROUTE_TYPES = ['llm/v1/chat'] as const satisfies readonly LlmRouteType[];
export type BedrockRouteType = (typeof BEDROCK_ROUTE_TYPES)[number];

export function bedrockRouteType(routeType: LlmRouteType): BedrockRouteType {
  if ((BEDROCK_ROUTE_TYPES as readonly string[]).includes(routeType)) return routeType as BedrockRouteType;
  throw new LlmError(400, `bedrock does not support the route type '${routeType}' (supported: ${BEDROCK_ROUTE_TYPES.join(', ')})`);
}

/** The region: `options.bedrock.aws_region`, else the environment, as Kong reads it. */
export function bedrockRegion(ctx: DriverContext, env: NodeJS.ProcessEnv = process.env): string {
  const region = ctx.model.options.bedrock?.aws_region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new LlmError(500, 'bedrock needs a region: set model.options.bedrock.aws_region (or AWS_REGION)');
  return region;
}

/**
 * `https://bedrock-runtime.{region}.amazonaws.com/model/{modelId}/converse[-stream]`; the model id
 * is one percent-encoded path segment (ids hold `:`, ARNs hold `/`).
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export function bedrockUpstream(ctx: DriverContext): UpstreamTarget {
  bedrockRouteType(ctx.routeType);
  const base = `https://bedrock-runtime.${bedrockRegion(ctx)}.amazonaws.com`;
  const path = `/model/${encodeURIComponent(ctx.model.name)}/${ctx.stream ? 'converse-stream' : 'converse'}`;
  const url = resolveUpstreamUrl(ctx.model.options, base, path);
  // One configured Converse URL serves both ways: a stream goes to its `-stream` twin (Kong sends
  // the configured path as it is, so a streamed request there got a JSON answer it cannot read).
  if (ctx.stream && url.pathname.endsWith('/converse')) url.pathname = `${url.pathname}-stream`;
  return { method: 'POST', url };
}

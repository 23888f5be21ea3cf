import { LlmError } from '../../errors';
import type { GeminiOptions, LlmRouteType } from '../../types';
import type { DriverContext, UpstreamTarget } from '../types';
import { resolveUpstreamUrl } from '../upstream-url';

/** @see kong/llm/drivers/shared.lua upstream_url_format.gemini */
export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

/**
 * The route types Gemini serves (provider-matrix.yaml: chat and embeddings; completions only on
 * Vertex in Kong's matrix, with no translation in Kong's driver, so not here).
 */
export const GEMINI_ROUTE_TYPES = ['llm/v1/chat', 'llm/v1/embeddings'] as const satisfies readonly LlmRouteType[];
export type GeminiRouteType = (typeof GEMINI_ROUTE_TYPES)[number];

export function geminiRouteType(routeType: LlmRouteType): GeminiRouteType {
  if ((GEMINI_ROUTE_TYPES as readonly string[]).includes(routeType)) return routeType as GeminiRouteType;
  throw new LlmError(400, `gemini does not support the route type '${routeType}' (supported: ${GEMINI_ROUTE_TYPES.join(', ')})`);
}

/**
 * The model method a request calls. Streams use `streamGenerateContent` without `?alt=sse`, as
 * Kong does: the answer is one JSON array written element by element. Embeddings always go to
 * `batchEmbedContents`, which takes one input as well as many.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
export function geminiOperation(routeType: GeminiRouteType, stream: boolean): string {
  switch (routeType) {
    case 'llm/v1/chat':
      return stream ? 'streamGenerateContent' : 'generateContent';
    case 'llm/v1/embeddings':
      return 'batchEmbedContents';
  }
}

/** Vertex AI's coordinates when the config names a project and a location; undefined for the Gemini API. */
export interface VertexTarget {
  host: string;
  project: string;
  location: string;
  endpoint?: string;
}

/**
 * Vertex mode as Kong decides it (project and location set), with the regional host
 * `{location}-aiplatform.googleapis.com` when `api_endpoint` is not given.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 * @see kong/llm/drivers/gemini.lua configure_request
 */
export function vertexTarget(options: GeminiOptions | null | undefined): VertexTarget | undefined {
  const project = nonEmpty(options?.project_id);
  const location = nonEmpty(options?.location_id);
  if (project === undefined || location === undefined) return undefined;
  const target: VertexTarget = { host: nonEmpty(options?.api_endpoint) ?? `${location}-aiplatform.googleapis.com`, project, location };
  const endpoint = nonEmpty(options?.endpoint_id);
  if (endpoint !== undefined) target.endpoint = endpoint;
  return target;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Path segments are escaped: a templated model name must not add segments or a query. */
function seg(value: string): string {
  return encodeURIComponent(value);
}

/** The Vertex AI base URL and path for one method: a publisher model, or a deployed endpoint. */
export function vertexBaseAndPath(target: VertexTarget, model: string, operation: string): { base: string; path: string } {
  // Kong puts `api_endpoint` after `https://`; one that names its own scheme (a private or test endpoint) keeps it.
  const host = target.host.replace(/\/+$/, '');
  const base = /^https?:\/\//i.test(host) ? host : `https://${host}`;
  const scope = `/v1/projects/${seg(target.project)}/locations/${seg(target.location)}`;
  const resource = target.endpoint !== undefined ? `/endpoints/${seg(target.endpoint)}` : `/publishers/google/models/${seg(model)}`;
  return { base, path: `${scope}${resource}:${operation}` };
}

/**
 * Where a request goes: `upstream_url` as it is, else Vertex AI or the Gemini API for the model
 * and method, with `upstream_path` replacing the path.
 * @see kong/llm/drivers/shared.lua operation_map.gemini, operation_map.gemini_vertex
 */
export function geminiUpstream(ctx: DriverContext): UpstreamTarget {
  const routeType = geminiRouteType(ctx.routeType);
  const operation = geminiOperation(routeType, ctx.stream);
  const vertex = vertexTarget(ctx.model.options.gemini);
  if (vertex && routeType === 'llm/v1/embeddings' && !ctx.model.options.upstream_url) {
    // Vertex AI embeds with `:predict` and another body; only the Gemini API's batchEmbedContents is translated.
    throw new LlmError(500, 'gemini embeddings on Vertex AI are not supported by ai-proxy-js yet (use the Gemini API, without project_id/location_id)');
  }
  const { base, path } = vertex
    ? vertexBaseAndPath(vertex, ctx.model.name, operation)
    : { base: GEMINI_BASE_URL, path: `/v1beta/models/${seg(ctx.model.name)}:${operation}` };
  return { method: 'POST', url: resolveUpstreamUrl(ctx.model.options, base, path) };
}

/**
 * The access stage as pure data: the client's request in, the upstream request out (or an
 * LlmError with Kong's status and message). The plugin only does the PDK I/O around it, and the
 * `translate request` CLI runs the very same function.
 * @see kong/llm/plugin/shared-filters/parse-request.lua, normalize-request.lua
 */
import { getDriver } from '../drivers';
import type { DriverContext } from '../drivers/types';
import { badRequest, LlmError } from '../errors';
import { requestTypeError } from '../formats/request-schema';
import { resolveModelTemplates, templateSourcesNeeded } from '../config/templating';
import { isLlmRouteType, LLM_ROUTE_TYPES, type LlmRouteType, type OpenAIRequest, type PluginConfig, type ResolvedModel } from '../types';
import { authNeedsQuery, placeAuth } from './auth';
import { encodeQuery, type HeaderMap, type QueryArgs } from './client-request';
import { mergeModelOptions } from './options';
import { parseRequestBody } from './parse-body';
import type { RequestState } from './request-state';
import { assertRouteFormat } from './route-format';
import { estimatePromptTokens } from './token-estimate';

/** The client's request, as read through the PDK. `query` / `uriCaptures` only when `clientSourcesNeeded` says so. */
export interface ClientRequest {
  headers: HeaderMap;
  rawBody: Uint8Array | string | null | undefined;
  query?: QueryArgs;
  uriCaptures?: Record<string, string>;
}

/** Everything the plugin sets on the service request. */
export interface UpstreamRequest {
  method: 'POST' | 'GET';
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
  /** The raw query to send, or undefined to leave the client's query as Kong forwards it. */
  rawQuery?: string;
  headers: Record<string, string>;
  /** Client headers that must not reach the upstream (another credential than the configured one). */
  clearHeaders: string[];
  body: string;
  state: RequestState;
}

/** Headers that carry a credential in one provider's API or another. */
const CREDENTIAL_HEADERS = ['authorization', 'api-key', 'x-api-key', 'x-goog-api-key'] as const;

/**
 * The client's credential headers to drop. With a configured credential and no `allow_override`,
 * whatever key the client sent (a dummy for the SDK, or a Kong consumer key) is not the provider's
 * and must not travel to it. Kong forwards them; we do not.
 */
function clientCredentialHeaders(conf: PluginConfig, headers: HeaderMap, placed: string | undefined): string[] {
  const auth = conf.auth;
  const configured = !!auth && ((!!auth.header_name && !!auth.header_value) || (!!auth.param_name && !!auth.param_value));
  if (!configured || auth.allow_override === true) return [];
  return CREDENTIAL_HEADERS.filter((name) => name !== placed && headers[name] !== undefined);
}

/** Which optional client parts this config needs (each is one more PDK call). */
export function clientSourcesNeeded(conf: PluginConfig): { query: boolean; uriCaptures: boolean } {
  const templates = templateSourcesNeeded(conf.model);
  // Azure's api-version merges with the client's query; so does a query-param credential.
  const query = templates.query || authNeedsQuery(conf.auth) || conf.model.provider === 'azure';
  return { query, uriCaptures: templates.uriCaptures };
}

function llmRouteType(conf: PluginConfig): LlmRouteType {
  if (isLlmRouteType(conf.route_type)) return conf.route_type;
  // The route's config, not the client, is at fault: a 500, as for a provider this build lacks.
  throw new LlmError(500, `route_type '${conf.route_type}' is not supported by ai-proxy-js (supported: ${LLM_ROUTE_TYPES.join(', ')})`);
}

/**
 * The model this request uses: the configured name (templated) or the request's `model`;
 * a request naming another model than the configured one is refused, as in Kong.
 */
function resolveModel(conf: PluginConfig, client: ClientRequest, body: Record<string, unknown>): ResolvedModel {
  const model = resolveModelTemplates(conf.model, { headers: client.headers, query: client.query, uriCaptures: client.uriCaptures });
  const requested = typeof body.model === 'string' && body.model !== '' ? body.model : undefined;
  const name = model.name ?? requested;
  if (!name) throw badRequest('model parameter not found in request, nor in gateway configuration');
  if (requested !== undefined && requested !== name) throw badRequest(`cannot use own model - must be: ${name}`);
  return { provider: conf.model.provider, name, options: model.options ?? {} };
}

function wantsStream(conf: PluginConfig, body: Record<string, unknown>): boolean {
  const stream = body.stream === true || conf.response_streaming === 'always';
  if (stream && conf.response_streaming === 'deny') throw badRequest('response streaming is not enabled for this LLM');
  return stream;
}

function defaultPort(scheme: string): number {
  return scheme === 'https' ? 443 : 80;
}

/** Client query + the provider's URL query (the client's value wins, as Kong's azure driver) + a query credential. */
function upstreamQuery(url: URL, client: ClientRequest, credential: { name: string; value: string } | undefined): string | undefined {
  if (client.query === undefined && url.search === '' && !credential) return undefined;
  const query: QueryArgs = { ...(client.query ?? {}) };
  for (const [key, value] of url.searchParams) if (query[key] === undefined) query[key] = value;
  if (credential) query[credential.name] = credential.value;
  return encodeQuery(query);
}

export interface AccessClock {
  /** Epoch ms. */
  now(): number;
}

/** The upstream request for a client request, or throws LlmError (Kong's status and message). */
export async function prepareUpstreamRequest(conf: PluginConfig, client: ClientRequest, clock: AccessClock = Date): Promise<UpstreamRequest> {
  const routeType = llmRouteType(conf);
  const body = parseRequestBody(client.headers, client.rawBody, conf.max_request_body_size);
  const typeError = requestTypeError(body);
  if (typeError) throw badRequest(typeError);
  const model = resolveModel(conf, client, body);
  assertRouteFormat(body, routeType);
  const stream = wantsStream(conf, body);

  const driver = getDriver(model.provider);
  if (!driver.routeTypes.includes(routeType)) throw badRequest(`no transformer available to format ${model.provider}://${routeType}`);

  const request = mergeModelOptions({ ...(body as OpenAIRequest), model: model.name, stream }, model.options);
  // Response ids and timestamps are the response stage's; the request side never reads them.
  const ctx: DriverContext = { conf, routeType, model, stream, responseId: '', created: 0 };
  const target = driver.upstream(ctx);
  const translated = driver.toUpstream(request, ctx);

  const auth = placeAuth(conf.auth, { headers: client.headers, query: client.query, body });
  const upstreamBody = translated.body;
  if (auth.body && typeof upstreamBody === 'object' && upstreamBody !== null && !Array.isArray(upstreamBody)) {
    (upstreamBody as Record<string, unknown>)[auth.body.name] = auth.body.value;
  }

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    // A plain answer: nothing to inflate, and no Content-Encoding to clear (one PDK call fewer).
    // The response stage still decodes gzip, deflate and br from upstreams that compress anyway.
    'accept-encoding': 'identity',
    ...(translated.headers ?? {}),
  };
  if (auth.header) headers[auth.header.name.toLowerCase()] = auth.header.value;

  const url = target.url;
  const scheme = url.protocol === 'http:' ? 'http' : 'https';
  const rawBodyText = typeof client.rawBody === 'string' ? client.rawBody : client.rawBody ? Buffer.from(client.rawBody).toString('utf8') : '';
  const bodyText = JSON.stringify(upstreamBody);
  if (driver.sign) {
    // A signature covers the exact query, so a signed request sends the provider URL's own query only.
    const signed = await driver.sign({ method: target.method, url, headers, body: bodyText }, ctx, new Date(clock.now()));
    Object.assign(headers, signed);
  }
  // A signed request carries no client credential at all: its own signature replaces `authorization`.
  const clearHeaders = driver.sign
    ? CREDENTIAL_HEADERS.filter((name) => headers[name] === undefined && client.headers[name] !== undefined)
    : clientCredentialHeaders(conf, client.headers, auth.header?.name.toLowerCase());
  return {
    method: target.method,
    scheme,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? defaultPort(scheme) : Number(url.port),
    path: url.pathname,
    rawQuery: driver.sign ? url.search.replace(/^\?/, '') : upstreamQuery(url, client, auth.query),
    headers,
    clearHeaders,
    body: bodyText,
    state: {
      v: 1,
      routeType,
      model,
      stream,
      includeUsage: stream && (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true,
      ...(routeType === 'llm/v1/embeddings' && body.encoding_format === 'base64' ? { embeddingsBase64: true } : {}),
      sentAt: clock.now(),
      promptTokensEstimate: estimatePromptTokens(body, stream ? 1.8 : 1.0),
      ...(conf.logging.log_payloads ? { requestBody: rawBodyText } : {}),
    },
  };
}

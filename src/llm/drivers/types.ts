import type { LlmError } from '../errors';
import type { StreamEvent, StreamFraming } from '../stream/events';
import type {
  LlmRouteType,
  OpenAIChunk,
  OpenAIRequest,
  OpenAIResponse,
  PluginConfig,
  Provider,
  ResolvedModel,
  Usage,
} from '../types';

/** Everything a driver may know about one request. Pure data: no PDK, no network, no clock. */
export interface DriverContext {
  conf: PluginConfig;
  routeType: LlmRouteType;
  /** The model after templating (name always set). */
  model: ResolvedModel;
  /** Whether the upstream is asked to stream. */
  stream: boolean;
  /** Id for translated responses and chunks (`chatcmpl-…`); fixed in tests. */
  responseId: string;
  /** Unix seconds, for `created`; fixed in tests. */
  created: number;
}

export interface UpstreamTarget {
  method: 'POST' | 'GET';
  /** Full URL including any query the provider needs (Azure's api-version). */
  url: URL;
}

export interface UpstreamBody {
  /** JSON-serialisable body for the provider. */
  body: unknown;
  /** Provider headers beyond auth (e.g. `anthropic-version`). */
  headers?: Record<string, string>;
}

/** The final upstream request, as a request signer sees it. */
export interface SignableRequest {
  method: 'POST' | 'GET';
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/** What one stream event contributes to the client's OpenAI stream. */
export interface StreamStep {
  chunks: OpenAIChunk[];
  /** Token counts this event reports; each field, when present, replaces the previous value. */
  usage?: Partial<Pick<Usage, 'prompt_tokens' | 'completion_tokens'>>;
  /** The provider said the stream is complete. */
  done?: boolean;
  /** The provider reported an error inside the stream. */
  error?: LlmError;
}

/** Stateful per stream (e.g. Anthropic's tool-call index bookkeeping); create one per response. */
export interface StreamMapper {
  map(event: StreamEvent): StreamStep;
}

/**
 * One provider. Drivers are pure functions of data; the pipeline in src/llm/pipeline does I/O order,
 * auth, validation and analytics around them.
 */
export interface Driver {
  readonly provider: Provider;
  /** The route types this provider serves (provider-matrix.yaml). */
  readonly routeTypes: readonly LlmRouteType[];
  /** Where the request goes, honouring `upstream_url` / `upstream_path`. */
  upstream(ctx: DriverContext): UpstreamTarget;
  /** OpenAI request (options already merged, model set) → provider body. Throws LlmError(400) on bad input. */
  toUpstream(req: OpenAIRequest, ctx: DriverContext): UpstreamBody;
  /** Parsed provider JSON → OpenAI response. Throws LlmError when the shape is not the provider's. */
  fromUpstream(body: unknown, ctx: DriverContext): OpenAIResponse;
  /** How the provider frames its stream (may depend on config, e.g. Ollama's NDJSON). */
  streamFraming(ctx: DriverContext): StreamFraming;
  createStreamMapper(ctx: DriverContext): StreamMapper;
  /** A readable message from a provider error body (4xx/5xx), or undefined when it has none. */
  errorMessage(body: unknown): string | undefined;
  /**
   * Headers that sign the final request (Bedrock's SigV4), added last; `now` is the signing time.
   * Async because the vendor's signer is.
   */
  sign?(request: SignableRequest, ctx: DriverContext, now: Date): Promise<Record<string, string>>;
  /** Extra keys for `ai.proxy.meta` (Kong adds Azure's instance, deployment and api-version). */
  analyticsMeta?(ctx: DriverContext): Record<string, string>;
}

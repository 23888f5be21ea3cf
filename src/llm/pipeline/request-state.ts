import type { LlmRouteType, ResolvedModel } from '../types';

/**
 * What the access phase hands to the response phase of the same request. It travels through
 * `kong.ctx.shared` as one JSON string: one PDK call each way, and no msgpack/Lua-table ambiguity
 * (empty objects, integer-keyed tables) on real Kong.
 */
export interface RequestState {
  v: 1;
  routeType: LlmRouteType;
  /** The model after templating: provider, name and options this request used. */
  model: ResolvedModel;
  /** The upstream was asked to stream (client `stream: true` or `response_streaming: always`). */
  stream: boolean;
  /** The client asked for a final usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  /** The client asked for base64 embeddings (the OpenAI SDKs do by default); providers answer floats. */
  embeddingsBase64?: boolean;
  /** Epoch ms when the request left for the upstream (Kong's llm latency starts here). */
  sentAt: number;
  /** Kong's word-count estimate of the prompt, for providers whose answers may lack token counts. */
  promptTokensEstimate: number;
  /** The client's raw request body, kept only when `logging.log_payloads` is on. */
  requestBody?: string;
}

/** The `kong.ctx.shared` key; namespaced so other plugins' keys cannot collide with it. */
export const REQUEST_STATE_KEY = 'ai_proxy_js_state';

export function encodeRequestState(state: RequestState): string {
  return JSON.stringify(state);
}

/** The state, or undefined when the access phase did not run or left something unreadable. */
export function decodeRequestState(raw: unknown): RequestState | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<RequestState>;
    return parsed && parsed.v === 1 && typeof parsed.routeType === 'string' && parsed.model ? (parsed as RequestState) : undefined;
  } catch {
    return undefined;
  }
}

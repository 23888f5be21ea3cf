import type { IncomingHttpHeaders } from 'node:http';

/** A request as the mock saw it: what e2e tests assert on (see `MockLlm.requests`). */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Query parameters; a repeated name keeps every value. */
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

/** What a route handler sees. */
export interface MockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the body is empty or not JSON (see `bodyError`). */
  body: unknown;
  /** Set when a non-empty body did not parse as JSON. */
  bodyError?: string;
  /** Path parameters captured by the route pattern, already percent-decoded. */
  params: Record<string, string>;
  /** The key the mock was started with. */
  key: string;
}

/** One whole body (JSON, text) or a stream of parts (one part = one event / line / frame). */
export type Reply =
  | { kind: 'body'; status: number; headers: Record<string, string>; body: Uint8Array }
  | { kind: 'stream'; status: number; headers: Record<string, string>; parts: Uint8Array[] };

export type Handler = (req: MockRequest) => Reply | Promise<Reply>;

export interface RouteDef {
  method: 'GET' | 'POST';
  /** A path pattern: literal text with `{name}` captures, each matching one path segment part. */
  path: string;
  handle: Handler;
  /** Overrides the provider's `bare` for this route (e.g. HF's OpenAI-compatible chat shares OpenAI's path). */
  bare?: boolean;
  /** Self-hosted formats (Ollama, Llama2) take no credential even under a provider that wants one. */
  open?: boolean;
}

/** One provider's upstream: its routes, its credential check and its error shape. */
export interface MockProvider {
  name: string;
  /**
   * Whether the routes answer on their bare paths; every provider also answers under `/<name>`.
   * Mistral shares OpenAI's paths, so it lives only under `/mistral`.
   */
  bare: boolean;
  routes: RouteDef[];
  /** Undefined when the request carries the key; otherwise the provider's own 401/403 reply. */
  authenticate(req: MockRequest): Reply | undefined;
  /** The provider's error reply for a status (used by `x-mock-status` and validation errors). */
  error(status: number, message?: string): Reply;
}

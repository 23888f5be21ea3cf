/**
 * The part of Kong's PDK this plugin uses, as kong-pdk's `kong` object exposes it (camelCase
 * names are bridged to Kong's `kong.request.get_headers` …). Each call is one RPC round trip to
 * Kong, so this list is also the plugin's I/O budget.
 */
import type { HeaderMap, QueryArgs } from '../../src/llm/pipeline/client-request';

type Body = string | Uint8Array | null | undefined;

export interface AiProxyPdk {
  request: {
    getHeaders(): Promise<HeaderMap>;
    getRawBody(): Promise<Body>;
    getQuery(): Promise<QueryArgs>;
    getUriCaptures(): Promise<{ named?: Record<string, string> | unknown[]; unnamed?: unknown } | null>;
  };
  service: {
    setTarget(host: string, port: number): Promise<unknown>;
    request: {
      setScheme(scheme: string): Promise<unknown>;
      setPath(path: string): Promise<unknown>;
      setRawQuery(query: string): Promise<unknown>;
      setHeaders(headers: Record<string, string>): Promise<unknown>;
      clearHeader(name: string): Promise<unknown>;
      setRawBody(body: string): Promise<unknown>;
    };
    response: {
      getStatus(): Promise<number>;
      getHeaders(): Promise<HeaderMap>;
      getRawBody(): Promise<Body>;
    };
  };
  response: {
    exit(status: number, body?: string, headers?: Record<string, string>): Promise<unknown>;
    clearHeader(name: string): Promise<unknown>;
  };
  ctx: { shared: { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<unknown> } };
  log: {
    info(...args: unknown[]): Promise<unknown>;
    warn(...args: unknown[]): Promise<unknown>;
    err(...args: unknown[]): Promise<unknown>;
    setSerializeValue(key: string, value: unknown): Promise<unknown>;
  };
}

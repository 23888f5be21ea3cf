import { badRequest } from '../../errors';
import type { LlmRouteType } from '../../types';
import { OLLAMA_PATHS } from '../ollama';
import { OPENAI_PATHS } from '../openai';
import type { DriverContext, UpstreamTarget } from '../types';
import type { Llama2Format } from './format';

/**
 * A self-hosted server's URL: `upstream_url` is used as it is (Kong sends to exactly that URL).
 * When it names only the server (no path), the format's endpoint for the route type is appended,
 * so `http://ollama:11434` reaches `/api/chat`; the raw format has no standard path and keeps `/`.
 * @see kong/llm/drivers/llama2.lua configure_request
 */
export function selfHostedUrl(rawUrl: string, defaultPath: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw badRequest(`invalid upstream URL '${rawUrl}'`);
  }
  if ((url.pathname === '' || url.pathname === '/') && defaultPath !== undefined) url.pathname = defaultPath;
  return url;
}

/** The endpoint of each llama2 format, when the configured URL has none. */
export function llama2DefaultPath(format: Llama2Format, routeType: LlmRouteType): string | undefined {
  switch (format) {
    case 'openai':
      return OPENAI_PATHS[routeType];
    case 'ollama':
      return OLLAMA_PATHS[routeType];
    case 'raw':
      return undefined;
  }
}

/** Llama2 is always self-hosted: `model.options.upstream_url` is required (the schema says so too). */
export function llama2Upstream(ctx: DriverContext, format: Llama2Format): UpstreamTarget {
  const rawUrl = ctx.model.options.upstream_url;
  if (!rawUrl) throw badRequest('model.options.upstream_url is required for the llama2 provider');
  return { method: 'POST', url: selfHostedUrl(rawUrl, llama2DefaultPath(format, ctx.routeType)) };
}

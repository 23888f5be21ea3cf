import type { DriverContext, UpstreamTarget } from '../types';
import { joinPath, resolveUpstreamUrl } from '../upstream-url';

/** @see kong/llm/drivers/shared.lua upstream_url_format.huggingface */
export const HUGGINGFACE_BASE_URL = 'https://api-inference.huggingface.co';

/** The OpenAI-compatible chat endpoint a model's URL serves (text-generation-inference's Messages API). */
const CHAT_SUFFIX = '/v1/chat/completions';

/**
 * `https://api-inference.huggingface.co/models/{model}` (or `upstream_url`, e.g. a dedicated Inference
 * Endpoint or `https://router.huggingface.co/hf-inference/models/{model}`), with `/v1/chat/completions`
 * appended for chat; completions and embeddings post to the model URL itself (the text-generation
 * and feature-extraction tasks). `upstream_path`, without `upstream_url`, replaces the whole path.
 * An `upstream_url` such as `https://router.huggingface.co/v1/chat/completions` is kept as it is.
 * @see kong/llm/drivers/huggingface.lua huggingface_endpoint, build_url
 * @see https://huggingface.co/docs/text-generation-inference/messages_api
 */
export function huggingfaceUpstream(ctx: DriverContext): UpstreamTarget {
  const { options, name } = ctx.model;
  if (!options.upstream_url && options.upstream_path) {
    return { method: 'POST', url: resolveUpstreamUrl(options, HUGGINGFACE_BASE_URL, options.upstream_path) };
  }
  const modelPath = `/models/${name.split('/').map(encodeURIComponent).join('/')}`;
  const url = resolveUpstreamUrl({ upstream_url: options.upstream_url }, HUGGINGFACE_BASE_URL, modelPath);
  // Kong always appends; an upstream_url that already names the chat endpoint is not doubled.
  if (ctx.routeType === 'llm/v1/chat' && !url.pathname.replace(/\/+$/, '').endsWith(CHAT_SUFFIX)) {
    url.pathname = joinPath(url.pathname, CHAT_SUFFIX);
  }
  return { method: 'POST', url };
}

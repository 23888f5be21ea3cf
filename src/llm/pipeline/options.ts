import type { ModelOptions, OpenAIRequest } from '../types';

/**
 * Merges the config's `model.options` sampling defaults into the request. The client's
 * `temperature`, `top_p` and `top_k` win over the config's; `max_tokens` follows Kong, where the
 * config's value caps every request.
 * @see kong/llm/drivers/shared.lua merge_config_defaults
 */
export function mergeModelOptions(req: OpenAIRequest, options: ModelOptions): OpenAIRequest {
  const out: OpenAIRequest = { ...req };
  if (out.temperature == null && options.temperature != null) out.temperature = options.temperature;
  if (out.top_p == null && options.top_p != null) out.top_p = options.top_p;
  if (out.top_k == null && options.top_k != null) out.top_k = options.top_k;
  if (options.max_tokens != null) out.max_tokens = options.max_tokens;
  // A null the client sent means "unset"; providers reject explicit nulls for these.
  for (const key of ['temperature', 'top_p', 'top_k', 'max_tokens'] as const) if (out[key] === null) delete out[key];
  return out;
}

import type { HuggingfaceOptions } from '../../types';

/**
 * `model.options.huggingface` as the Inference API reads it. Kong sends both flags on every request,
 * `false` when unset (so the API's cache is off unless asked for).
 * @see kong/llm/drivers/huggingface.lua set_huggingface_options
 * @see https://huggingface.co/docs/api-inference/parameters
 */
export function inferenceOptions(options: HuggingfaceOptions | null | undefined): { use_cache: boolean; wait_for_model: boolean } {
  return { use_cache: options?.use_cache ?? false, wait_for_model: options?.wait_for_model ?? false };
}

/** The same flags as headers, which the OpenAI-compatible chat route reads instead of a body field. */
export function inferenceHeaders(options: HuggingfaceOptions | null | undefined): Record<string, string> {
  const { use_cache, wait_for_model } = inferenceOptions(options);
  return { 'x-use-cache': String(use_cache), 'x-wait-for-model': String(wait_for_model) };
}

import { digest } from '../../ids';

/**
 * What differs between the OpenAI-shaped upstreams the mock serves (OpenAI, Azure OpenAI, Mistral,
 * Hugging Face's messages API); the wire shape is otherwise the same.
 */
export interface OpenAIFlavor {
  /** Whether the body must name a model (Azure names it by deployment, TGI ignores it). */
  requiresModel: boolean;
  /** The tool call id for a seed (OpenAI `call_…`, Mistral 9 alphanumerics). */
  toolCallId(seed: string): string;
  /**
   * `on-request`: a trailing chunk with `choices: []` and `usage` when `stream_options.include_usage`
   * is true (OpenAI, Azure, TGI). `last-chunk`: usage always rides on the finishing chunk (Mistral).
   */
  streamUsage: 'on-request' | 'last-chunk';
  /** Azure's content filter annotations (`prompt_filter_results`, `content_filter_results`). */
  contentFilter: boolean;
  systemFingerprint?: string;
}

export const OPENAI_FLAVOR: OpenAIFlavor = {
  requiresModel: true,
  toolCallId: (seed) => `call_${digest(seed, 24)}`,
  streamUsage: 'on-request',
  contentFilter: false,
  systemFingerprint: 'fp_mock0001',
};

export const AZURE_FLAVOR: OpenAIFlavor = { ...OPENAI_FLAVOR, requiresModel: false, contentFilter: true };

/** @see https://docs.mistral.ai/api/#tag/chat */
export const MISTRAL_FLAVOR: OpenAIFlavor = {
  requiresModel: true,
  toolCallId: (seed) => digest(seed, 9),
  streamUsage: 'last-chunk',
  contentFilter: false,
};

/** Text Generation Inference's messages API. @see https://huggingface.co/docs/text-generation-inference/messages_api */
export const HUGGINGFACE_FLAVOR: OpenAIFlavor = {
  ...OPENAI_FLAVOR,
  requiresModel: false,
  systemFingerprint: '3.0.1-native',
};

const SAFE = { filtered: false, severity: 'safe' };

/** Azure's per-choice annotations. @see https://learn.microsoft.com/en-us/azure/ai-services/openai/concepts/content-filter */
export function contentFilterResults(): Record<string, unknown> {
  return { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
}

export function promptFilterResults(): Array<Record<string, unknown>> {
  return [{ prompt_index: 0, content_filter_results: contentFilterResults() }];
}

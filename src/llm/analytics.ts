/**
 * Kong's AI analytics, under exactly the keys Kong's ai-proxy writes with
 * `kong.log.set_serialize_value` (`ai.proxy.meta`, `ai.proxy.usage`, `ai.proxy.payload.*`), so log
 * pipelines and dashboards built for Kong keep working. The plugin sets them in one PDK call as the
 * `ai.proxy` record, which serializes to the same JSON.
 * @see kong/llm/plugin/shared-filters/serialize-analytics.lua, kong/llm/plugin/observability.lua
 */
import type { ModelOptions, Provider } from './types';

/** The serialize key the plugin sets (Kong's `ai.<NAMESPACE>` with NAMESPACE = "proxy"). */
export const ANALYTICS_KEY = 'ai.proxy';

export interface AnalyticsMeta {
  plugin_id?: string;
  provider_name: string;
  request_model: string;
  response_model: string;
  /** ms from the request leaving for the upstream to its answer (Kong's llm_e2e_latency). */
  llm_latency: number;
  [extra: string]: string | number | undefined;
}

export interface AnalyticsUsage {
  /** ms per completion token (Kong's llm_tpot_latency); 0 without completion tokens. */
  time_per_token: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** From `input_cost` / `output_cost` (per million tokens); 0 when either is unset, as Kong. */
  cost: number;
}

export interface Analytics {
  meta: AnalyticsMeta;
  usage: AnalyticsUsage;
  payload?: { request?: string; response?: string };
}

export interface AnalyticsInput {
  pluginId?: string;
  provider: Provider;
  requestModel: string;
  /** The model the answer names; the request model when it names none. */
  responseModel?: string;
  options: ModelOptions;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Provider-specific meta (Azure's instance, deployment, api-version). */
  extraMeta?: Record<string, string>;
  payloads?: { request?: string; response?: string };
}

/** `(prompt × input_cost + completion × output_cost) / 1e6`, as Kong computes it. */
export function usageCost(promptTokens: number, completionTokens: number, options: ModelOptions): number {
  if (options.input_cost == null || options.output_cost == null) return 0;
  return (promptTokens * options.input_cost + completionTokens * options.output_cost) / 1_000_000;
}

export function buildAnalytics(input: AnalyticsInput): Analytics {
  const latency = Math.max(0, Math.floor(input.latencyMs));
  const meta: AnalyticsMeta = {
    ...(input.extraMeta ?? {}),
    ...(input.pluginId !== undefined ? { plugin_id: input.pluginId } : {}),
    provider_name: input.provider,
    request_model: input.requestModel,
    response_model: input.responseModel ?? input.requestModel,
    llm_latency: latency,
  };
  const usage: AnalyticsUsage = {
    time_per_token: input.completionTokens > 0 ? latency / input.completionTokens : 0,
    prompt_tokens: input.promptTokens,
    completion_tokens: input.completionTokens,
    total_tokens: input.promptTokens + input.completionTokens,
    cost: usageCost(input.promptTokens, input.completionTokens, input.options),
  };
  const analytics: Analytics = { meta, usage };
  if (input.payloads) analytics.payload = input.payloads;
  return analytics;
}

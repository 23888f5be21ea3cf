/**
 * Every provider configuration the robustness tests drive: one entry per provider and wire format
 * (llama2 raw/openai/ollama, cohere v1/v2, mistral openai/ollama), each with the route types it
 * serves, and where the drivers' own recorded answers live.
 */
import { getDriver } from '../../../src/llm/drivers';
import type { LlmRouteType, PluginConfig } from '../../../src/llm/types';
import { pluginConfig } from '../../helpers/config';

export interface ProviderCase {
  /** Readable label, e.g. `llama2/ollama`. */
  label: string;
  /** `spec/fixtures/drivers/<area>` folders holding this driver's recorded answers. */
  fixtureAreas: string[];
  model: Record<string, unknown>;
  auth?: Record<string, unknown>;
}

export const PROVIDERS: ProviderCase[] = [
  { label: 'openai', fixtureAreas: ['openai'], model: { provider: 'openai', name: 'gpt-4o' }, auth: { header_name: 'Authorization', header_value: 'Bearer sk-robust-secret' } },
  {
    label: 'azure',
    fixtureAreas: ['openai'],
    model: { provider: 'azure', name: 'gpt-4o', options: { azure_instance: 'robust', azure_deployment_id: 'gpt-4o', azure_api_version: '2024-10-21' } },
    auth: { header_name: 'api-key', header_value: 'az-robust-secret' },
  },
  { label: 'anthropic', fixtureAreas: ['anthropic'], model: { provider: 'anthropic', name: 'claude-3-5-haiku-20241022', options: { anthropic_version: '2023-06-01', max_tokens: 256 } }, auth: { header_name: 'x-api-key', header_value: 'sk-ant-robust' } },
  { label: 'cohere/v1', fixtureAreas: ['cohere'], model: { provider: 'cohere', name: 'command-r' }, auth: { header_name: 'Authorization', header_value: 'Bearer co-robust' } },
  { label: 'cohere/v2', fixtureAreas: ['cohere'], model: { provider: 'cohere', name: 'command-r', options: { upstream_url: 'https://api.cohere.com/v2/chat' } }, auth: { header_name: 'Authorization', header_value: 'Bearer co-robust' } },
  { label: 'mistral/openai', fixtureAreas: ['mistral'], model: { provider: 'mistral', name: 'mistral-small-latest', options: { mistral_format: 'openai' } }, auth: { header_name: 'Authorization', header_value: 'Bearer mi-robust' } },
  { label: 'mistral/ollama', fixtureAreas: ['ollama'], model: { provider: 'mistral', name: 'mistral', options: { mistral_format: 'ollama', upstream_url: 'http://ollama.internal:11434/api/chat' } } },
  { label: 'llama2/raw', fixtureAreas: ['llama2'], model: { provider: 'llama2', name: 'llama-2-7b', options: { llama2_format: 'raw', upstream_url: 'http://llama.internal:8080/raw/generate' } } },
  { label: 'llama2/openai', fixtureAreas: ['openai'], model: { provider: 'llama2', name: 'llama-2-7b', options: { llama2_format: 'openai', upstream_url: 'http://llama.internal:8080/v1/chat/completions' } } },
  { label: 'llama2/ollama', fixtureAreas: ['ollama'], model: { provider: 'llama2', name: 'llama3.1', options: { llama2_format: 'ollama', upstream_url: 'http://ollama.internal:11434/api/chat' } } },
  { label: 'gemini', fixtureAreas: ['gemini'], model: { provider: 'gemini', name: 'gemini-2.0-flash' }, auth: { header_name: 'x-goog-api-key', header_value: 'AIza-robust-secret' } },
  {
    label: 'bedrock',
    fixtureAreas: ['bedrock'],
    model: { provider: 'bedrock', name: 'anthropic.claude-3-haiku-20240307-v1:0', options: { bedrock: { aws_region: 'us-east-1' } } },
    auth: { aws_access_key_id: 'AKIAROBUSTEXAMPLE', aws_secret_access_key: 'robust-secret-access-key' },
  },
  { label: 'huggingface', fixtureAreas: ['huggingface'], model: { provider: 'huggingface', name: 'meta-llama/Llama-3.1-8B-Instruct' }, auth: { header_name: 'Authorization', header_value: 'Bearer hf-robust' } },
];

export interface RouteCase {
  label: string;
  routeType: LlmRouteType;
  conf: PluginConfig;
}

/** Every provider × route type its driver serves, as validated plugin configs. */
export function routeCases(): RouteCase[] {
  const out: RouteCase[] = [];
  for (const p of PROVIDERS) {
    const provider = (p.model as { provider: Parameters<typeof getDriver>[0] }).provider;
    for (const routeType of getDriver(provider).routeTypes) {
      // Kong refuses statistics for anthropic completions (its config rule); everywhere else they run too.
      const statistics = !(provider === 'anthropic' && routeType === 'llm/v1/completions');
      const logging = { log_statistics: statistics, log_payloads: statistics };
      const conf = pluginConfig({ route_type: routeType, model: p.model, ...(p.auth ? { auth: p.auth } : {}), max_request_body_size: 0, logging });
      out.push({ label: `${p.label} ${routeType}`, routeType, conf });
    }
  }
  return out;
}

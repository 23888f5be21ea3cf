import { parseConfig } from '../../src/llm/config/validate';
import type { PluginConfig } from '../../src/llm/types';

/** A validated plugin config (defaults applied) from the fields a test cares about. */
export function pluginConfig(fields: Record<string, unknown>): PluginConfig {
  return parseConfig(structuredClone(fields));
}

export const OPENAI_CHAT = {
  route_type: 'llm/v1/chat',
  auth: { header_name: 'Authorization', header_value: 'Bearer sk-test-secret' },
  model: { provider: 'openai', name: 'gpt-4o' },
};

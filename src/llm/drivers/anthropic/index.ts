import type { Driver } from '../types';
import { anthropicErrorMessage } from './error';
import { toAnthropicBody } from './request';
import { fromAnthropicBody } from './response';
import { createAnthropicStreamMapper } from './stream';
import { ANTHROPIC_ROUTE_TYPES, anthropicUpstream } from './url';

export { ANTHROPIC_BASE_URL, ANTHROPIC_PATHS, ANTHROPIC_ROUTE_TYPES, anthropicUpstream } from './url';
export { ANTHROPIC_DEFAULT_MAX_TOKENS, toAnthropicBody } from './request';
export { fromAnthropicBody } from './response';
export { createAnthropicStreamMapper } from './stream';
export { anthropicErrorMessage } from './error';
export { mapAnthropicStopReason } from './stop-reason';
export { convertAnthropicUsage } from './usage';

/**
 * Anthropic: chat on the Messages API, completions on the legacy Text Completions API. The key is
 * the config's auth (`x-api-key`); `anthropic-version` comes from `model.options.anthropic_version`.
 * @see kong/llm/drivers/anthropic.lua
 */
export const anthropicDriver: Driver = {
  provider: 'anthropic',
  routeTypes: ANTHROPIC_ROUTE_TYPES,
  upstream: anthropicUpstream,
  toUpstream: toAnthropicBody,
  fromUpstream: fromAnthropicBody,
  streamFraming: () => 'sse',
  createStreamMapper: createAnthropicStreamMapper,
  errorMessage: anthropicErrorMessage,
};

/**
 * Anthropic's wire shapes, as far as this driver writes or reads them.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/api/complete
 */

export type AnthropicRole = 'user' | 'assistant';

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
}

/** @see https://docs.anthropic.com/en/docs/build-with-claude/vision */
export interface AnthropicImageBlock {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string;
}

export type AnthropicRequestBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicToolUseBlock | AnthropicToolResultBlock;

export interface AnthropicMessage {
  role: AnthropicRole;
  content: AnthropicRequestBlock[];
}

/** @see https://docs.anthropic.com/en/docs/build-with-claude/tool-use */
export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

/** @see https://docs.anthropic.com/en/api/messages#body-tool-choice */
export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** Sampling fields both endpoints accept under the same names. */
export interface AnthropicSampling {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  metadata?: { user_id: string };
}

export interface AnthropicMessagesRequest extends AnthropicSampling {
  model: string;
  messages: AnthropicMessage[];
  system?: string;
  max_tokens: number;
  stream: boolean;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

/** The legacy Text Completions body. @see https://docs.anthropic.com/en/api/complete */
export interface AnthropicCompleteRequest extends AnthropicSampling {
  model: string;
  prompt: string;
  max_tokens_to_sample: number;
  stream: boolean;
}

/** Token counts as Messages responses and `message_start` / `message_delta` events report them. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export { isRecord } from '../../is-record';

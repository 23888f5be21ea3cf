/**
 * Types at the boundary between Kong's plugin config and the translation core.
 * The config shape is field-for-field Kong's `ai-proxy` config (3.12); see
 * schema/ai-proxy-js.schema.json, which is the single source of truth for it.
 */

export const PROVIDERS = [
  'anthropic',
  'azure',
  'bedrock',
  'cohere',
  'gemini',
  'huggingface',
  'llama2',
  'mistral',
  'openai',
] as const;
export type Provider = (typeof PROVIDERS)[number];

export const ROUTE_TYPES = [
  'audio/v1/audio/speech',
  'audio/v1/audio/transcriptions',
  'audio/v1/audio/translations',
  'image/v1/images/edits',
  'image/v1/images/generations',
  'llm/v1/assistants',
  'llm/v1/batches',
  'llm/v1/chat',
  'llm/v1/completions',
  'llm/v1/embeddings',
  'llm/v1/files',
  'llm/v1/responses',
  'preserve',
  'realtime/v1/realtime',
] as const;
export type RouteType = (typeof ROUTE_TYPES)[number];

/** The route types whose bodies the plugin translates (the others are proxied as they are). */
export const LLM_ROUTE_TYPES = ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'] as const;
export type LlmRouteType = (typeof LLM_ROUTE_TYPES)[number];

export function isLlmRouteType(t: string): t is LlmRouteType {
  return (LLM_ROUTE_TYPES as readonly string[]).includes(t);
}

export interface AuthConfig {
  header_name?: string | null;
  header_value?: string | null;
  param_name?: string | null;
  param_value?: string | null;
  param_location?: 'query' | 'body' | null;
  azure_use_managed_identity?: boolean;
  azure_client_id?: string | null;
  azure_client_secret?: string | null;
  azure_tenant_id?: string | null;
  gcp_use_service_account?: boolean;
  gcp_service_account_json?: string | null;
  aws_access_key_id?: string | null;
  aws_secret_access_key?: string | null;
  allow_override?: boolean;
}

export interface BedrockOptions {
  aws_region?: string | null;
  aws_assume_role_arn?: string | null;
  aws_role_session_name?: string | null;
  aws_sts_endpoint_url?: string | null;
  embeddings_normalize?: boolean;
  performance_config_latency?: string | null;
}

export interface GeminiOptions {
  api_endpoint?: string | null;
  project_id?: string | null;
  location_id?: string | null;
  endpoint_id?: string | null;
}

export interface HuggingfaceOptions {
  use_cache?: boolean | null;
  wait_for_model?: boolean | null;
}

export interface CohereOptions {
  embedding_input_type?: 'classification' | 'clustering' | 'image' | 'search_document' | 'search_query';
  wait_for_model?: boolean | null;
}

export interface ModelOptions {
  max_tokens?: number | null;
  input_cost?: number | null;
  output_cost?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  top_k?: number | null;
  anthropic_version?: string | null;
  azure_instance?: string | null;
  azure_api_version?: string | null;
  azure_deployment_id?: string | null;
  llama2_format?: 'raw' | 'openai' | 'ollama' | null;
  mistral_format?: 'openai' | 'ollama' | null;
  upstream_url?: string | null;
  upstream_path?: string | null;
  embeddings_dimensions?: number | null;
  gemini?: GeminiOptions | null;
  bedrock?: BedrockOptions | null;
  huggingface?: HuggingfaceOptions | null;
  cohere?: CohereOptions | null;
}

export interface ModelConfig {
  provider: Provider;
  name?: string | null;
  options?: ModelOptions | null;
}

export interface PluginConfig {
  route_type: RouteType;
  llm_format: 'openai' | 'bedrock' | 'cohere' | 'gemini' | 'huggingface';
  genai_category: string;
  response_streaming: 'allow' | 'deny' | 'always';
  max_request_body_size: number;
  model_name_header: boolean;
  auth?: AuthConfig | null;
  model: ModelConfig;
  logging: { log_statistics: boolean; log_payloads: boolean };
  /** Set by the plugin at instance start (Kong sets `conf.__plugin_id`); not part of the user's config. */
  __plugin_id?: string;
}

/** The model after templating: what this request will actually use. */
export interface ResolvedModel {
  provider: Provider;
  name: string;
  options: ModelOptions;
}

/** OpenAI-format bodies. Kept open (index signatures): unknown fields pass through to OpenAI-compatible upstreams. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ChatContentPart {
  type: string;
  text?: string;
  image_url?: { url: string; detail?: string } | string;
  [key: string]: unknown;
}

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  index?: number;
}

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';
  content?: string | ChatContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  [key: string]: unknown;
}

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

/** An OpenAI chat / completions / embeddings request as the client sent it (after option merging). */
export interface OpenAIRequest {
  model?: string;
  messages?: ChatMessage[];
  prompt?: string | string[];
  input?: string | string[] | number[] | number[][];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  top_p?: number;
  top_k?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string | string[];
  n?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  seed?: number;
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  response_format?: { type: string; [key: string]: unknown };
  user?: string;
  dimensions?: number;
  encoding_format?: string;
  [key: string]: unknown;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | null;

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  [key: string]: unknown;
}

export interface ChatChoice {
  index: number;
  message: { role: 'assistant'; content: string | null; tool_calls?: ToolCall[]; refusal?: string | null; [key: string]: unknown };
  finish_reason: FinishReason;
  logprobs?: unknown;
}

export interface CompletionChoice {
  index: number;
  text: string;
  finish_reason: FinishReason;
  logprobs?: unknown;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage?: Usage;
  system_fingerprint?: string | null;
  [key: string]: unknown;
}

export interface TextCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChoice[];
  usage?: Usage;
  [key: string]: unknown;
}

export interface Embeddings {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] | string }[];
  model: string;
  usage?: { prompt_tokens: number; total_tokens: number; [key: string]: unknown };
  [key: string]: unknown;
}

export type OpenAIResponse = ChatCompletion | TextCompletion | Embeddings;

export interface ChatChunkChoice {
  index: number;
  delta: { role?: 'assistant'; content?: string | null; tool_calls?: Partial<ToolCall>[]; [key: string]: unknown };
  finish_reason: FinishReason;
  logprobs?: unknown;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoice[];
  usage?: Usage | null;
  [key: string]: unknown;
}

export interface TextCompletionChunk {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: { index: number; text: string; finish_reason: FinishReason; logprobs?: unknown }[];
  usage?: Usage | null;
  [key: string]: unknown;
}

export type OpenAIChunk = ChatCompletionChunk | TextCompletionChunk;

/**
 * Ollama's native wire format (the `ollama` value of `mistral_format` / `llama2_format`).
 * Only the fields this gateway reads or writes are typed; the rest pass unread.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md
 */

/** `options` of /api/chat, /api/generate and /api/embed (Modelfile parameters). */
export interface OllamaOptions {
  num_predict?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

/** A tool call as Ollama writes and reads it: `arguments` is an object, not a JSON string. */
export interface OllamaToolCall {
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Base64 images without a data-URL prefix (multimodal models). */
  images?: string[];
  tool_calls?: OllamaToolCall[];
  /** The tool whose result a `tool` message carries. */
  tool_name?: string;
}

export interface OllamaTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** `format`: `"json"` or a JSON schema. */
export type OllamaFormat = 'json' | Record<string, unknown>;

/** POST /api/chat */
export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  tools?: OllamaTool[];
  format?: OllamaFormat;
  options?: OllamaOptions;
}

/** POST /api/generate */
export interface OllamaGenerateRequest {
  model: string;
  prompt: string;
  stream: boolean;
  format?: OllamaFormat;
  options?: OllamaOptions;
}

/** POST /api/embed */
export interface OllamaEmbedRequest {
  model: string;
  input: string | string[];
  dimensions?: number;
}

/** Fields every /api/chat and /api/generate answer (and stream line) may carry. */
export interface OllamaResult {
  model?: string;
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  /** /api/chat */
  message?: { role?: string; content?: string; tool_calls?: OllamaToolCall[] };
  /** /api/generate */
  response?: string;
  error?: string;
}

/** POST /api/embed answer. */
export interface OllamaEmbedResponse {
  model?: string;
  embeddings: number[][];
  prompt_eval_count?: number;
}

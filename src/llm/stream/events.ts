/**
 * One decoded event of a provider's response stream, whatever its framing:
 * - text/event-stream: `event`, `id` and the joined `data` lines of one SSE event;
 * - JSON lines / NDJSON (Ollama, Cohere v1): one line, in `data`;
 * - a JSON array streamed element by element (Gemini): one element, in `data`;
 * - AWS event stream (Bedrock): the `:event-type` header in `event`, the payload in `data`.
 * Drivers map *events*, never bytes.
 */
export interface StreamEvent {
  event?: string;
  id?: string;
  data: string;
}

/** The framings providers stream in. */
export type StreamFraming = 'sse' | 'ndjson' | 'json-array' | 'aws-eventstream';

/** An incremental decoder: feed it bytes as they come, in any split; `end()` flushes and reports truncation. */
export interface StreamDecoder {
  push(bytes: Uint8Array | string): StreamEvent[];
  /** Flush what is left. `truncated` is true when the input stopped inside an event. */
  end(): { events: StreamEvent[]; truncated: boolean };
}

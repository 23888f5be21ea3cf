/** Shared by the mock-llm tests: one server per test file, calls, and stream decoding. */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { decodeStream } from '../../../src/llm/stream/decoders';
import { startMockLlm, type MockLlm } from '../../../src/mock';
import { readJsonFixture } from '../../helpers/paths';

export const KEY = 'mock-key';

export { startMockLlm, type MockLlm };

export interface Called {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON: a test failure). */
  json(): unknown;
}

export async function call(
  mock: MockLlm,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; method?: string } = {},
): Promise<Called> {
  const res = await fetch(`${mock.url}${path}`, {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = Buffer.from(bytes).toString('utf8');
  return { status: res.status, headers: res.headers, bytes, text, json: () => JSON.parse(text) as unknown };
}

/** A value deep inside parsed JSON: `at(body, 'choices', 0, 'message')`; undefined when absent. */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let cur = value;
  for (const key of path) {
    if (typeof key === 'number') cur = Array.isArray(cur) ? cur[key] : undefined;
    else cur = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

/** SSE events of a body, each `{event, data}` with data parsed as JSON where it parses. */
export function sseEvents(text: string): Array<{ event?: string; data: unknown }> {
  const decoded = decodeStream('sse', text);
  if (decoded.truncated) throw new Error('SSE stream ended inside an event');
  return decoded.events.map((e) => ({ event: e.event, data: parseMaybe(e.data) }));
}

export function ndjsonEvents(text: string): unknown[] {
  const decoded = decodeStream('ndjson', text);
  if (decoded.truncated) throw new Error('NDJSON stream ended inside a line');
  return decoded.events.map((e) => JSON.parse(e.data) as unknown);
}

function parseMaybe(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** AWS event stream messages (each prefixed by its total length), as `{type, messageType, payload}`. */
export function awsEvents(bytes: Uint8Array): Array<{ type: string; messageType: string; payload: unknown }> {
  const out: Array<{ type: string; messageType: string; payload: unknown }> = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < 4) throw new Error('AWS event stream ends inside a prelude');
    const total = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
    if (offset + total > bytes.length) throw new Error('AWS event stream ends inside a message');
    const message = codec.decode(bytes.subarray(offset, offset + total));
    out.push({
      type: String(message.headers[':event-type']?.value),
      messageType: String(message.headers[':message-type']?.value),
      payload: JSON.parse(toUtf8(message.body)) as unknown,
    });
    offset += total;
  }
  return out;
}

/** A request body kept as a fixture under spec/fixtures/mock/. */
export function requestFixture(...parts: string[]): Record<string, unknown> {
  return readJsonFixture<Record<string, unknown>>('mock', ...parts);
}

/** The text of every SSE/NDJSON event joined, for "the stream says the same as the JSON answer". */
export function joined(values: unknown[]): string {
  return values.filter((v): v is string => typeof v === 'string').join('');
}

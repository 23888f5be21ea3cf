import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { LlmError } from '../errors';
import type { StreamDecoder, StreamEvent, StreamFraming } from './events';

/**
 * Incremental decoders for providers' response streams. They accept bytes split anywhere
 * (inside a UTF-8 sequence, a line ending or a field) and yield whole events only.
 */
export function createStreamDecoder(framing: StreamFraming): StreamDecoder {
  switch (framing) {
    case 'sse':
      return new SseDecoder();
    case 'ndjson':
      return new NdjsonDecoder();
    case 'json-array':
      return new JsonArrayDecoder();
    case 'aws-eventstream':
      return new AwsEventStreamDecoder();
  }
}

/** Decodes a whole buffered body in one go. */
export function decodeStream(framing: StreamFraming, body: Uint8Array | string): { events: StreamEvent[]; truncated: boolean } {
  const decoder = createStreamDecoder(framing);
  const first = decoder.push(body);
  const last = decoder.end();
  return { events: first.concat(last.events), truncated: last.truncated };
}

/** Splits text into complete lines (LF, CRLF or CR), keeping an unfinished tail for the next push. */
class LineSplitter {
  private readonly utf8 = new TextDecoder('utf-8');
  private tail = '';
  /** A CR ended the previous push: a LF starting this one belongs to it. */
  private pendingCr = false;

  push(bytes: Uint8Array | string): string[] {
    let text = typeof bytes === 'string' ? bytes : this.utf8.decode(bytes, { stream: true });
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    const lines: string[] = [];
    let start = 0;
    const all = this.tail + text;
    for (let i = 0; i < all.length; i++) {
      const c = all.charCodeAt(i);
      if (c === 10 /* \n */ || c === 13 /* \r */) {
        lines.push(all.slice(start, i));
        if (c === 13) {
          if (i + 1 < all.length) {
            if (all.charCodeAt(i + 1) === 10) i++;
          } else {
            this.pendingCr = true;
          }
        }
        start = i + 1;
      }
    }
    this.tail = all.slice(start);
    return lines;
  }

  /** What is left after the last line ending (non-empty means the input stopped mid-line). */
  flush(): string {
    const rest = this.tail + this.utf8.decode();
    this.tail = '';
    return rest;
  }
}

/**
 * text/event-stream per the WHATWG spec: `field: value` lines, `:` comments, an event ends at a blank line.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
class SseDecoder implements StreamDecoder {
  private readonly lines = new LineSplitter();
  private data: string[] = [];
  private event: string | undefined;
  private id: string | undefined;

  push(bytes: Uint8Array | string): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const line of this.lines.push(bytes)) this.takeLine(line, out);
    return out;
  }

  end(): { events: StreamEvent[]; truncated: boolean } {
    const rest = this.lines.flush();
    const out: StreamEvent[] = [];
    if (rest !== '') this.takeLine(rest, out);
    // An event whose closing blank line never came is still whole when its lines were; be lenient.
    const truncated = rest !== '';
    if (this.data.length > 0 && !truncated) this.dispatch(out);
    return { events: out, truncated };
  }

  private takeLine(line: string, out: StreamEvent[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
  }

  private dispatch(out: StreamEvent[]): void {
    if (this.data.length > 0) {
      const ev: StreamEvent = { data: this.data.join('\n') };
      if (this.event !== undefined) ev.event = this.event;
      if (this.id !== undefined) ev.id = this.id;
      out.push(ev);
    }
    this.data = [];
    this.event = undefined;
  }
}

/** One JSON document per line (Ollama, Cohere v1 streams); blank lines are skipped. */
class NdjsonDecoder implements StreamDecoder {
  private readonly lines = new LineSplitter();

  push(bytes: Uint8Array | string): StreamEvent[] {
    return this.lines
      .push(bytes)
      .filter((l) => l.trim() !== '')
      .map((data) => ({ data }));
  }

  end(): { events: StreamEvent[]; truncated: boolean } {
    const rest = this.lines.flush();
    if (rest.trim() === '') return { events: [], truncated: false };
    // A last line without a newline is whole if it parses; otherwise the stream was cut.
    try {
      JSON.parse(rest);
      return { events: [{ data: rest }], truncated: false };
    } catch {
      return { events: [], truncated: true };
    }
  }
}

/** Where a JSON-array decoder is: before the `[`, inside the array, after its `]`, or reading one bare value. */
type ArrayPhase = 'before' | 'inside' | 'after' | 'bare';

/**
 * One JSON array written element by element (Gemini's `streamGenerateContent` without `?alt=sse`,
 * which is how Kong asks for it): each element is one event, whatever whitespace or line breaks
 * separate them. A body that is not an array (an error object) is one event when it parses.
 * Truncated when the input stops before the closing `]`.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 * @see kong/llm/drivers/shared.lua frame_to_events (GEMINI_STREAM_CONTENT_TYPE)
 */
class JsonArrayDecoder implements StreamDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  private phase: ArrayPhase = 'before';
  /** Nesting inside the array: 0 between elements, 1+ inside an element's objects/arrays. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The current element (or bare value) so far. */
  private element = '';

  push(bytes: Uint8Array | string): StreamEvent[] {
    const text = typeof bytes === 'string' ? bytes : this.utf8.decode(bytes, { stream: true });
    const out: StreamEvent[] = [];
    this.scan(text, out);
    return out;
  }

  end(): { events: StreamEvent[]; truncated: boolean } {
    const out: StreamEvent[] = [];
    this.scan(this.utf8.decode(), out);
    switch (this.phase) {
      case 'before':
      case 'after':
        return { events: out, truncated: false };
      case 'inside':
        return { events: out, truncated: true };
      case 'bare': {
        const value = this.element.trim();
        this.element = '';
        try {
          JSON.parse(value);
          return { events: [...out, { data: value }], truncated: false };
        } catch {
          return { events: out, truncated: true };
        }
      }
    }
  }

  private scan(text: string, out: StreamEvent[]): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      switch (this.phase) {
        case 'before':
          if (isJsonSpace(c)) {
            start = i + 1;
          } else if (c === '[') {
            this.phase = 'inside';
            start = i + 1;
          } else {
            this.phase = 'bare';
            start = i;
          }
          break;
        case 'inside':
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === '\\') this.escaped = true;
            else if (c === '"') this.inString = false;
          } else if (c === '"') {
            this.inString = true;
          } else if (c === '{' || c === '[') {
            this.depth++;
          } else if ((c === '}' || c === ']') && this.depth > 0) {
            this.depth--;
          } else if (this.depth === 0 && (c === ',' || c === ']')) {
            this.element += text.slice(start, i);
            this.emit(out);
            start = i + 1;
            if (c === ']') this.phase = 'after';
          }
          break;
        case 'after':
          // Whatever follows the closing bracket is not part of the stream.
          start = i + 1;
          break;
        case 'bare':
          break;
      }
    }
    if (this.phase === 'inside' || this.phase === 'bare') this.element += text.slice(start);
  }

  private emit(out: StreamEvent[]): void {
    const data = this.element.trim();
    this.element = '';
    if (data !== '') out.push({ data });
  }
}

/** JSON's insignificant whitespace. @see https://www.rfc-editor.org/rfc/rfc8259#section-2 */
function isJsonSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Bytes of an AWS event stream prelude: total length, headers length, prelude CRC. */
const AWS_PRELUDE_BYTES = 12;
const AWS_MIN_MESSAGE_BYTES = 16;
/** The format's own limit (16 MiB); a larger length means the bytes are not an event stream. */
const AWS_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * AWS binary event stream (`application/vnd.amazon.eventstream`, Bedrock's ConverseStream): messages
 * of `[total length][headers length][prelude CRC][headers][payload][message CRC]`. Frames are cut by
 * their length prefix and decoded (CRCs checked) by the vendor's codec. An event gives `event` =
 * `:event-type` and `data` = the payload text; an exception gives `event` = `:exception-type`; an
 * error message gives `event` = `error` and `data` = `{"message", "code"}`. A corrupt frame is a 502.
 * @see https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream
 */
class AwsEventStreamDecoder implements StreamDecoder {
  private readonly codec = new EventStreamCodec(toUtf8, fromUtf8);
  private buffered: Uint8Array = new Uint8Array(0);

  push(bytes: Uint8Array | string): StreamEvent[] {
    const chunk = typeof bytes === 'string' ? fromUtf8(bytes) : bytes;
    const joined = new Uint8Array(this.buffered.length + chunk.length);
    joined.set(this.buffered, 0);
    joined.set(chunk, this.buffered.length);
    const out: StreamEvent[] = [];
    let offset = 0;
    while (joined.length - offset >= AWS_PRELUDE_BYTES) {
      const total = new DataView(joined.buffer, joined.byteOffset + offset, 4).getUint32(0, false);
      if (total < AWS_MIN_MESSAGE_BYTES || total > AWS_MAX_MESSAGE_BYTES) {
        throw new LlmError(502, `malformed AWS event stream: a message length of ${total} bytes`);
      }
      if (joined.length - offset < total) break;
      out.push(this.toEvent(this.decode(joined.subarray(offset, offset + total))));
      offset += total;
    }
    this.buffered = joined.slice(offset);
    return out;
  }

  end(): { events: StreamEvent[]; truncated: boolean } {
    const truncated = this.buffered.length > 0;
    this.buffered = new Uint8Array(0);
    return { events: [], truncated };
  }

  private decode(frame: Uint8Array): Message {
    try {
      return this.codec.decode(frame);
    } catch (err) {
      throw new LlmError(502, `malformed AWS event stream: ${err instanceof Error ? err.message : 'undecodable message'}`);
    }
  }

  private toEvent(message: Message): StreamEvent {
    const header = (name: string): string | undefined => {
      const value = message.headers[name];
      return value?.type === 'string' ? value.value : undefined;
    };
    const data = toUtf8(message.body);
    switch (header(':message-type')) {
      case 'exception':
        return { event: header(':exception-type') ?? 'exception', data };
      case 'error':
        return { event: 'error', data: JSON.stringify({ message: header(':error-message') ?? '', code: header(':error-code') ?? '' }) };
      default: {
        const type = header(':event-type');
        return type === undefined ? { data } : { event: type, data };
      }
    }
  }
}

/**
 * Framing for msgpack-RPC over a byte stream. A stream carries bare msgpack values back to back, so
 * a reader must find where one value ends before decoding it: a read may hold half a message, or
 * several. (kong-pdk's listener decodes each read as exactly one value, which breaks on both.)
 * @see https://github.com/msgpack/msgpack/blob/master/spec.md#formats
 */
import { decode } from '@msgpack/msgpack';

/** Size of a header plus a big-endian length field of `lenBytes` bytes, and the payload it announces. */
interface Head {
  /** Bytes of type byte + length field + fixed payload (everything but a variable payload). */
  header: number;
  /** Byte length of the variable payload, read from the length field (0 when fixed). */
  payload: number;
  /** Nested values that follow (array items, map keys + values). */
  children: number;
}

function readLength(buf: Uint8Array, at: number, bytes: 1 | 2 | 4): number | undefined {
  if (at + bytes > buf.length) return undefined;
  let n = 0;
  for (let i = 0; i < bytes; i++) n = n * 256 + buf[at + i];
  return n;
}

/** Reads the head of the value whose type byte is at `at`; undefined when the head is not all there. */
function readHead(buf: Uint8Array, at: number): Head | undefined {
  if (at >= buf.length) return undefined;
  const t = buf[at];
  if (t <= 0x7f || t >= 0xe0) return { header: 1, payload: 0, children: 0 }; // fixint
  if (t >= 0x80 && t <= 0x8f) return { header: 1, payload: 0, children: (t & 0x0f) * 2 }; // fixmap
  if (t >= 0x90 && t <= 0x9f) return { header: 1, payload: 0, children: t & 0x0f }; // fixarray
  if (t >= 0xa0 && t <= 0xbf) return { header: 1, payload: t & 0x1f, children: 0 }; // fixstr
  const sized = (bytes: 1 | 2 | 4, extra: number, kind: 'bytes' | 'array' | 'map'): Head | undefined => {
    const n = readLength(buf, at + 1, bytes);
    if (n === undefined) return undefined;
    switch (kind) {
      case 'bytes':
        return { header: 1 + bytes + extra, payload: n, children: 0 };
      case 'array':
        return { header: 1 + bytes, payload: 0, children: n };
      case 'map':
        return { header: 1 + bytes, payload: 0, children: n * 2 };
    }
  };
  switch (t) {
    case 0xc0: // nil
    case 0xc2: // false
    case 0xc3: // true
      return { header: 1, payload: 0, children: 0 };
    case 0xc4: return sized(1, 0, 'bytes'); // bin 8
    case 0xc5: return sized(2, 0, 'bytes'); // bin 16
    case 0xc6: return sized(4, 0, 'bytes'); // bin 32
    case 0xc7: return sized(1, 1, 'bytes'); // ext 8 (+ type byte)
    case 0xc8: return sized(2, 1, 'bytes'); // ext 16
    case 0xc9: return sized(4, 1, 'bytes'); // ext 32
    case 0xca: return { header: 5, payload: 0, children: 0 }; // float 32
    case 0xcb: return { header: 9, payload: 0, children: 0 }; // float 64
    case 0xcc: case 0xd0: return { header: 2, payload: 0, children: 0 }; // (u)int 8
    case 0xcd: case 0xd1: return { header: 3, payload: 0, children: 0 }; // (u)int 16
    case 0xce: case 0xd2: return { header: 5, payload: 0, children: 0 }; // (u)int 32
    case 0xcf: case 0xd3: return { header: 9, payload: 0, children: 0 }; // (u)int 64
    case 0xd4: return { header: 3, payload: 0, children: 0 }; // fixext 1
    case 0xd5: return { header: 4, payload: 0, children: 0 }; // fixext 2
    case 0xd6: return { header: 6, payload: 0, children: 0 }; // fixext 4
    case 0xd7: return { header: 10, payload: 0, children: 0 }; // fixext 8
    case 0xd8: return { header: 18, payload: 0, children: 0 }; // fixext 16
    case 0xd9: return sized(1, 0, 'bytes'); // str 8
    case 0xda: return sized(2, 0, 'bytes'); // str 16
    case 0xdb: return sized(4, 0, 'bytes'); // str 32
    case 0xdc: return sized(2, 0, 'array'); // array 16
    case 0xdd: return sized(4, 0, 'array'); // array 32
    case 0xde: return sized(2, 0, 'map'); // map 16
    case 0xdf: return sized(4, 0, 'map'); // map 32
    default:
      throw new Error(`invalid msgpack type byte 0x${t.toString(16)} at offset ${at}`);
  }
}

/** Where a scan stopped inside an incomplete value: the next head to read, and values still owed. */
interface ScanState {
  at: number;
  pending: number;
}

type ScanResult =
  | { complete: true; end: number }
  /** `end`: a lower bound of where the value ends; `resume`: where to go on once more bytes came. */
  | { complete: false; end: number; resume: ScanState };

/**
 * Scans the one msgpack value starting at `state.at` (or goes on with a scan that stopped).
 * Throws on a byte that starts no msgpack type (0xc1).
 */
function scanMsgpackValue(buf: Uint8Array, state: ScanState): ScanResult {
  let { at, pending } = state;
  while (pending > 0) {
    const head = readHead(buf, at);
    if (head === undefined) return { complete: false, end: Math.max(at + 1, buf.length + 1), resume: { at, pending } };
    const next = at + head.header + head.payload;
    if (next > buf.length) return { complete: false, end: next, resume: { at, pending } };
    at = next;
    pending += head.children - 1;
  }
  return { complete: true, end: at };
}

/**
 * Returns the offset just past the one complete msgpack value starting at `offset`, or -1 when the
 * buffer ends before that value does. Throws on a byte that starts no msgpack type (0xc1).
 */
export function endOfMsgpackValue(buf: Uint8Array, offset = 0): number {
  const scan = scanMsgpackValue(buf, { at: offset, pending: 1 });
  return scan.complete ? scan.end : -1;
}

/**
 * Accumulates stream chunks and yields every complete message they contain, in order. A message
 * arriving in many chunks (a large body) is neither rescanned from its start nor copied per chunk:
 * the reader resumes its scan where it stopped, and waits until the bytes a header announced are there.
 */
export class MsgpackFrameReader {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes needed before the first message can possibly be complete. */
  private needed = 0;
  /** Where the scan of the first (incomplete) message stopped, relative to the buffered bytes. */
  private resume: ScanState = { at: 0, pending: 1 };

  /** Bytes received that do not yet form a whole message. */
  get buffered(): number {
    return this.size;
  }

  push(chunk: Uint8Array): unknown[] {
    if (chunk.length === 0) return [];
    this.chunks.push(Buffer.from(chunk));
    this.size += chunk.length;
    if (this.size < this.needed) return [];
    const buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    const messages: unknown[] = [];
    let start = 0;
    let state = this.resume;
    this.needed = 0;
    this.resume = { at: 0, pending: 1 };
    while (start < buffer.length) {
      const scan = scanMsgpackValue(buffer, state);
      if (!scan.complete) {
        this.needed = scan.end - start;
        this.resume = { at: scan.resume.at - start, pending: scan.resume.pending };
        break;
      }
      messages.push(decode(buffer.subarray(start, scan.end)));
      start = scan.end;
      state = { at: start, pending: 1 };
    }
    const rest = buffer.subarray(start);
    this.chunks = rest.length === 0 ? [] : [rest];
    this.size = rest.length;
    return messages;
  }
}

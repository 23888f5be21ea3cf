import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { LlmError } from '../errors';

/** Bytes of a body as the PDK returned it (msgpack bin → Uint8Array, str → string). */
export function bodyBytes(body: Uint8Array | string | null | undefined): Buffer {
  if (body == null) return Buffer.alloc(0);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/**
 * The upstream body without its Content-Encoding. Kong inflates gzip answers before translating
 * them (parse-json-response.lua); deflate and br are decoded too, since a provider may pick them.
 */
export function decodeContentEncoding(body: Buffer, encoding: string | undefined): Buffer {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity' || body.length === 0) return body;
  try {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(body);
      case 'deflate':
        return inflateSync(body);
      case 'br':
        return brotliDecompressSync(body);
      default:
        throw new LlmError(502, `upstream answered with unsupported content-encoding '${coding}'`);
    }
  } catch (err) {
    if (err instanceof LlmError) throw err;
    throw new LlmError(502, `upstream answered with a corrupt ${coding} body`);
  }
}

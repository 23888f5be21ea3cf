import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamDecoder, decodeStream } from '../../../src/llm/stream/decoders';
import type { StreamEvent } from '../../../src/llm/stream/events';

const ARRAY = '[{"a":"x,y]}\\"[{"}\r\n,\r\n {"b":[1,{"c":"é😀"}]} , "s" ,null]\n';
const ELEMENTS = ['{"a":"x,y]}\\"[{"}', '{"b":[1,{"c":"é😀"}]}', '"s"', 'null'];

/** Decodes `bytes` pushed one byte at a time. */
function byteByByte(bytes: Uint8Array): { events: StreamEvent[]; truncated: boolean } {
  const decoder = createStreamDecoder('json-array');
  const events: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i++) events.push(...decoder.push(bytes.subarray(i, i + 1)));
  const end = decoder.end();
  return { events: [...events, ...end.events], truncated: end.truncated };
}

describe("'json-array' stream decoder", () => {
  it('yields each element of the array, whatever the whitespace and the brackets inside strings', () => {
    const out = decodeStream('json-array', ARRAY);
    assert.deepEqual(out, { events: ELEMENTS.map((data) => ({ data })), truncated: false });
  });

  it('gives the same events split at every byte (inside UTF-8 sequences, escapes and CRLFs)', () => {
    const bytes = new TextEncoder().encode(ARRAY);
    assert.deepEqual(byteByByte(bytes), decodeStream('json-array', bytes));
  });

  it('yields elements as soon as they are complete', () => {
    const decoder = createStreamDecoder('json-array');
    assert.deepEqual(decoder.push('[{"a":1}'), []);
    assert.deepEqual(decoder.push(','), [{ data: '{"a":1}' }]);
    assert.deepEqual(decoder.push('{"b":2}]'), [{ data: '{"b":2}' }]);
    assert.deepEqual(decoder.end(), { events: [], truncated: false });
  });

  it('is truncated when the array never closes', () => {
    assert.deepEqual(decodeStream('json-array', '[{"a":1},{"b":'), { events: [{ data: '{"a":1}' }], truncated: true });
    assert.deepEqual(decodeStream('json-array', '[{"a":1}'), { events: [], truncated: true });
  });

  it('reads a body that is not an array as one event when it parses, and ignores what follows the array', () => {
    assert.deepEqual(decodeStream('json-array', ' {"error":{"code":400}}\n'), { events: [{ data: '{"error":{"code":400}}' }], truncated: false });
    assert.deepEqual(decodeStream('json-array', '{"error":'), { events: [], truncated: true });
    assert.deepEqual(decodeStream('json-array', '[] trailing'), { events: [], truncated: false });
    assert.deepEqual(decodeStream('json-array', ''), { events: [], truncated: false });
  });
});

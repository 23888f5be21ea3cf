import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encode } from '@msgpack/msgpack';
import { endOfMsgpackValue, MsgpackFrameReader } from '../../../src/pluginserver/msgpack-frames';

/** Values covering every length class: fix/8/16/32 strings, arrays, maps, binary, ints, floats, nil, bools. */
const VALUES: unknown[] = [
  [0, 1, 'plugin.HandleEvent', [{ InstanceId: 3, EventName: 'access' }]],
  [1, 2, null, { EventId: 9, Data: 'ret' }],
  [1, 3, 'no plugin instance #1', null],
  'x'.repeat(31),
  'y'.repeat(200),
  'z'.repeat(70_000),
  Array.from({ length: 20 }, (_, i) => i * 1000),
  Array.from({ length: 70_000 }, () => 1),
  Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i % 2 === 0])),
  Buffer.alloc(300, 7),
  [-1, -200, -70_000, 2 ** 40, -(2 ** 40), 1.5, 255, 65_535, 2 ** 32],
  { nested: [{ a: [[], {}] }], empty: '' },
];

describe('msgpack framing on a byte stream', () => {
  it('finds the end of each value, and -1 for a value cut short', () => {
    for (const value of VALUES) {
      const bytes = encode(value);
      assert.equal(endOfMsgpackValue(bytes), bytes.length);
      assert.equal(endOfMsgpackValue(bytes.subarray(0, bytes.length - 1)), -1);
    }
  });

  it('rejects the one byte that starts no msgpack type', () => {
    assert.throws(() => endOfMsgpackValue(Uint8Array.of(0xc1)), /invalid msgpack type byte 0xc1/);
  });

  it('yields every message whole, in order, however the stream is cut', () => {
    const stream = Buffer.concat(VALUES.map((v) => encode(v)));
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 20; round++) {
      const reader = new MsgpackFrameReader();
      const out: unknown[] = [];
      for (let at = 0; at < stream.length; ) {
        const size = 1 + Math.floor(random() * (round < 10 ? 64 : 40_000));
        out.push(...reader.push(stream.subarray(at, at + size)));
        at += size;
      }
      assert.equal(reader.buffered, 0);
      assert.deepEqual(out, VALUES);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMBEDDING_DIMENSIONS, embed, embedBase64, embeddingInputs, requestedDimensions } from '../../../src/mock/embedding';

describe('mock embeddings', () => {
  it('are deterministic, in [-1, 1), and differ by text', () => {
    const a = embed('hello');
    assert.equal(a.length, EMBEDDING_DIMENSIONS);
    assert.deepEqual(embed('hello'), a);
    assert.notDeepEqual(embed('hello!'), a);
    for (const v of a) assert.ok(v >= -1 && v < 1);
  });

  it('honour any dimension count, a shorter vector being a prefix of a longer one', () => {
    const long = embed('x', 50);
    assert.equal(long.length, 50);
    assert.deepEqual(embed('x', 3), long.slice(0, 3));
    assert.equal(requestedDimensions(0), undefined);
    assert.equal(requestedDimensions(1.5), undefined);
    assert.equal(requestedDimensions(256), 256);
  });

  it('pack base64 as little-endian float32', () => {
    const v = embed('y', 4);
    const buf = Buffer.from(embedBase64(v), 'base64');
    assert.equal(buf.length, 16);
    v.forEach((x, i) => assert.ok(Math.abs(buf.readFloatLE(i * 4) - x) < 1e-6));
  });

  it('read string, string list and token inputs', () => {
    assert.deepEqual(embeddingInputs('a'), ['a']);
    assert.deepEqual(embeddingInputs(['a', 'b']), ['a', 'b']);
    assert.deepEqual(embeddingInputs([1, 2]), ['1 2']);
    assert.deepEqual(embeddingInputs([[1, 2], [3]]), ['1 2', '3']);
    assert.deepEqual(embeddingInputs(undefined), []);
  });
});

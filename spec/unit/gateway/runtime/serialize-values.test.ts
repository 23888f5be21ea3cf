import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySerializeValues, serializeValueFromArgs, splitSerializeKey } from '../../../../src/gateway/runtime/serialize-values';

test('dotted keys create nested objects; escaped dots stay in the key', () => {
  assert.deepEqual(splitSerializeKey('ai.proxy.usage'), ['ai', 'proxy', 'usage']);
  assert.deepEqual(splitSerializeKey('my\\.new\\.value'), ['my.new.value']);
  const root = applySerializeValues({ request: { method: 'POST' } }, [
    serializeValueFromArgs(['ai.proxy.usage.total_tokens', 12]),
    serializeValueFromArgs(['my\\.flat', true]),
    serializeValueFromArgs(['request.method', 'PATCH']),
  ]);
  assert.deepEqual(root, { request: { method: 'PATCH' }, ai: { proxy: { usage: { total_tokens: 12 } } }, 'my.flat': true });
});

test('modes: add only when absent, replace only when present, nil deletes', () => {
  const root = applySerializeValues({ a: 1 }, [
    serializeValueFromArgs(['a', 2, { mode: 'add' }]),
    serializeValueFromArgs(['b', 3, { mode: 'add' }]),
    serializeValueFromArgs(['c', 4, { mode: 'replace' }]),
    serializeValueFromArgs(['x.y', 4, { mode: 'replace' }]),
    serializeValueFromArgs(['b', 5, { mode: 'replace' }]),
    serializeValueFromArgs(['a', null]),
  ]);
  assert.deepEqual(root, { b: 5 });
});

test("Kong's errors: bad key, bad mode, a subkey that is not a table", () => {
  assert.throws(() => serializeValueFromArgs([1, 2]), /key must be a string/);
  assert.throws(() => serializeValueFromArgs(['k', 2, { mode: 'merge' }]), /mode must be/);
  assert.throws(() => applySerializeValues({ a: 'text' }, [serializeValueFromArgs(['a.b', 1])]), /Subkey 'a' is not a table/);
});

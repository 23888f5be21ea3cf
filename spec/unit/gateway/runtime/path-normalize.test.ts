import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePath } from '../../../../src/gateway/runtime/path-normalize';

test('dot segments, repeated slashes, unreserved escapes', () => {
  assert.equal(normalizePath('/a/./b//c'), '/a/b/c');
  assert.equal(normalizePath('/a/b/..'), '/a/');
  assert.equal(normalizePath('/../x'), '/x');
  assert.equal(normalizePath('/%7euser/%2f'), '/~user/%2F');
  assert.equal(normalizePath('/'), '/');
});

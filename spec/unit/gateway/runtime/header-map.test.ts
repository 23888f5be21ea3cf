import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderMap, headerKey } from '../../../../src/gateway/runtime/header-map';

test('names match without case, and an underscore matches a dash', () => {
  const headers = HeaderMap.fromRaw(['Content-Type', 'application/json', 'X-Api-Key', 'k']);
  assert.equal(headers.get('content-type'), 'application/json');
  assert.equal(headers.get('X_API_KEY'), 'k');
  assert.equal(headerKey('X_Foo'), 'x-foo');
});

test('repeated headers keep every value in order; get returns the first', () => {
  const headers = HeaderMap.fromRaw(['Accept', 'a', 'X-Multi', '1', 'x-multi', '2']);
  assert.equal(headers.get('x-multi'), '1');
  assert.deepEqual(headers.getAll('X-MULTI'), ['1', '2']);
  assert.deepEqual(headers.toKongTable(), { accept: 'a', 'x-multi': ['1', '2'] });
});

test('the Kong table view honours max_headers', () => {
  const headers = HeaderMap.fromRaw(['A', '1', 'B', '2', 'B', '3', 'C', '4']);
  assert.deepEqual(headers.toKongTable(2), { a: '1', b: '2' });
  assert.deepEqual(headers.toKongTable(3), { a: '1', b: ['2', '3'] });
});

test('set replaces, add appends, delete removes, clone is independent', () => {
  const headers = HeaderMap.fromRaw(['X-A', '1']);
  const copy = headers.clone();
  headers.add('x-a', '2');
  headers.set('X-B', ['3', '4']);
  headers.set('x-c', []);
  assert.deepEqual(headers.toRecord(), { 'X-A': ['1', '2'], 'X-B': ['3', '4'] });
  headers.delete('X-A');
  assert.equal(headers.has('x-a'), false);
  assert.deepEqual(copy.toRecord(), { 'X-A': '1' });
});

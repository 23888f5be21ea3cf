import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeQuery, parseQuery } from '../../../../src/gateway/runtime/query';

test('parses as ngx.req.get_uri_args: flags, empty values, repeats, escapes', () => {
  assert.deepEqual(parseQuery('a=1&flag&empty=&a=2&sp=x+y%21&bad=%zz'), {
    a: ['1', '2'],
    flag: true,
    empty: '',
    sp: 'x y!',
    bad: '%zz',
  });
  assert.deepEqual(parseQuery(''), {});
});

test('honours max_args', () => {
  assert.deepEqual(parseQuery('a=1&b=2&c=3', 2), { a: '1', b: '2' });
});

test('encodes as set_query does: sorted keys, bare true, no false, repeated arrays', () => {
  assert.equal(encodeQuery({ z: 'last', a: ['1', 2], flag: true, off: false, 'sp ace': 'a&b' }), 'a=1&a=2&flag&sp%20ace=a%26b&z=last');
  assert.throws(() => encodeQuery({ a: { nested: 1 } }), /query arg value/);
});

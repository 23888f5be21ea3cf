import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorBody, errorContentType, errorMessageFor } from '../../../../src/gateway/runtime/kong-errors';

test("Kong's messages, and the default for other statuses", () => {
  assert.equal(errorMessageFor(502), 'An invalid response was received from the upstream server');
  assert.equal(errorMessageFor(504), 'The upstream server is timing out');
  assert.equal(errorMessageFor(500), 'An unexpected error occurred');
  assert.equal(errorMessageFor(418), 'The upstream server responded with 418');
});

test('content type from Accept: highest quality known type, JSON otherwise', () => {
  assert.equal(errorContentType(undefined), 'application/json; charset=utf-8');
  assert.equal(errorContentType('*/*'), 'application/json; charset=utf-8');
  assert.equal(errorContentType('text/html'), 'text/html; charset=utf-8');
  assert.equal(errorContentType('text/html;q=0.5, text/plain'), 'text/plain; charset=utf-8');
  assert.equal(errorContentType('image/png'), 'application/json; charset=utf-8');
});

test('the JSON template parses to message and request_id', () => {
  const body = errorBody('application/json; charset=utf-8', 'say "hi"', 'rid');
  assert.deepEqual(JSON.parse(body), { message: 'say "hi"', request_id: 'rid' });
  assert.equal(errorBody('text/plain; charset=utf-8', 'Nope', 'rid'), 'Nope\nrequest_id: rid\n');
});

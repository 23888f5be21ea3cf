import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapePath, normalizePath, routerPath, sanitizePostfix } from '../../../../src/gateway/router/uri';

describe('normalizePath (Kong normalize, merge_slashes)', () => {
  const cases: [string, string][] = [
    ['/', '/'],
    ['', ''],
    ['/a/b/c', '/a/b/c'],
    ['/a/./b', '/a/b'],
    ['/a/../b', '/b'],
    ['/a/b/..', '/a/'],
    ['/a/b/.', '/a/b/'],
    ['/../a', '/a'],
    ['//a///b', '/a/b'],
    ['/a/%2e%2E/b', '/b'],
    ['/%41%62c', '/Abc'],
    ['/a%2fb', '/a%2Fb'],
    ['/a%3Fb%25', '/a%3Fb%25'],
    ['/a%20b', '/a b'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(normalizePath(input), expected));
  }

  it('keeps double slashes when not merging', () => {
    assert.equal(normalizePath('//a//b', false), '//a//b');
  });
});

describe('routerPath', () => {
  it('drops the query and normalises', () => {
    assert.equal(routerPath('/a/../b?x=/../y'), '/b');
    assert.equal(routerPath('/a?'), '/a');
  });
});

describe('escapePath (Kong escape)', () => {
  it('leaves safe characters alone and percent-encodes the rest byte by byte', () => {
    assert.equal(escapePath("/a-b_c.d~e/!$&'()*+,;=:@%2F[]"), "/a-b_c.d~e/!$&'()*+,;=:@%2F[]");
    assert.equal(escapePath('/a b"<>{}|\\^`'), '/a%20b%22%3C%3E%7B%7D%7C%5C%5E%60');
    assert.equal(escapePath('/caf\u00c3\u00a9'), '/caf%C3%A9');
    assert.equal(escapePath('/\u20ac'), '/%E2%82%AC');
  });
});

describe('sanitizePostfix', () => {
  it('drops leading dot segments', () => {
    assert.equal(sanitizePostfix('.'), '');
    assert.equal(sanitizePostfix('..'), '');
    assert.equal(sanitizePostfix('./x'), 'x');
    assert.equal(sanitizePostfix('../x'), 'x');
    assert.equal(sanitizePostfix('.x'), '.x');
    assert.equal(sanitizePostfix(''), '');
  });
});

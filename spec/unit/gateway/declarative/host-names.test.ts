import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { routeHostProblem, serviceHostProblem, splitHostPort } from '../../../../src/gateway/declarative/host-names';
import { routePathProblem, servicePathProblem } from '../../../../src/gateway/declarative/paths';

describe('host checks', () => {
  it('split a port off names, IPv4 and bracketed IPv6', () => {
    assert.deepEqual(splitHostPort('a.example:8000'), { host: 'a.example', port: 8000 });
    assert.deepEqual(splitHostPort('10.0.0.1'), { host: '10.0.0.1' });
    assert.deepEqual(splitHostPort('[::1]:80'), { host: '[::1]', port: 80 });
    assert.deepEqual(splitHostPort('::1'), { host: '::1' });
  });

  it('service hosts: names and addresses, no port', () => {
    for (const ok of ['api.openai.com', 'localhost', '127.0.0.1', 'under_score.internal', '::1', '[::1]', 'fqdn.example.']) {
      assert.equal(serviceHostProblem(ok), undefined, ok);
    }
    assert.equal(serviceHostProblem('a.example:80'), 'must not have a port');
    assert.equal(serviceHostProblem('a.example:99999'), 'invalid port number');
    assert.equal(serviceHostProblem('bad host'), 'invalid value: bad host');
    assert.equal(serviceHostProblem('a-.example'), 'invalid value: a-.example');
    assert.equal(serviceHostProblem('300.1.1.1'), 'invalid value: 300.1.1.1');
  });

  it('route hosts: optional port, one wildcard at either end', () => {
    for (const ok of ['a.example', 'a.example:8443', '*.example.com', 'example.*', '10.0.0.1:80']) {
      assert.equal(routeHostProblem(ok), undefined, ok);
    }
    assert.equal(routeHostProblem('*.a.*'), 'invalid wildcard: must have at most one wildcard');
    assert.equal(routeHostProblem('a.*.com'), 'invalid wildcard: must be placed at leftmost or rightmost label');
    assert.equal(routeHostProblem('example.*:80'), 'invalid wildcard: must be placed at leftmost or rightmost label');
  });
});

describe('path checks', () => {
  it('service paths', () => {
    assert.equal(servicePathProblem('/v1/chat'), undefined);
    assert.equal(servicePathProblem('v1'), 'should start with: /');
    assert.equal(servicePathProblem('/a//b'), 'must not have empty segments');
    assert.equal(servicePathProblem('/a b'), "invalid path: '/a b' (characters outside of the reserved list of RFC 3986 found)");
    assert.equal(servicePathProblem('/a%2'), "invalid url-encoded value: '%2'");
  });

  it('route paths: prefixes must be normalised, regexes must compile', () => {
    assert.equal(routePathProblem('/openai/chat'), undefined);
    assert.equal(routePathProblem('~/models/(?<m>[^/]+)$'), undefined);
    assert.equal(routePathProblem('/a/./b'), "non-normalized path, consider use '/a/b' instead");
    assert.equal(routePathProblem('/%61'), "non-normalized path, consider use '/a' instead");
    assert.equal(routePathProblem('/a%zz'), "invalid url-encoded value: '%zz'");
    assert.equal(routePathProblem('~/a%zz'), undefined, 'Kong checks no encoding in regex paths');
    assert.match(routePathProblem('~/a(')!, /^invalid regex: '\/a\(' \(/);
  });
});

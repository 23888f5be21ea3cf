import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadDeclarativeConfig } from '../../../../src/gateway/declarative/load';
import { createRouter, type RouteRequest, type Router } from '../../../../src/gateway/router';

/** A router over one service and the given routes (written as in kong.yml). */
function routerOf(routes: Record<string, unknown>[], service: Record<string, unknown> = {}): Router {
  const config = loadDeclarativeConfig(
    { _format_version: '3.0', services: [{ name: 'svc', url: 'http://upstream:8080/base', ...service, routes }] },
    '<test>',
    { env: {} },
  );
  return createRouter(config);
}

function matchedName(router: Router, req: Partial<RouteRequest> & { path: string }): string | undefined {
  return router.match({ method: 'GET', host: 'example.com', ...req })?.route.name;
}

describe('router: prefix paths', () => {
  it('tries the longest prefix first, whatever the file order', () => {
    const router = routerOf([
      { name: 'short', paths: ['/a'] },
      { name: 'long', paths: ['/a/b'] },
    ]);
    assert.equal(matchedName(router, { path: '/a/b/c' }), 'long');
    assert.equal(matchedName(router, { path: '/a/c' }), 'short');
  });

  it('matches a plain string prefix, not whole segments (as Kong)', () => {
    const router = routerOf([{ name: 'ab', paths: ['/ab'] }]);
    assert.equal(matchedName(router, { path: '/abc' }), 'ab');
    assert.equal(matchedName(router, { path: '/a' }), undefined);
  });

  it('matches the normalised path, without the query', () => {
    const router = routerOf([{ name: 'b', paths: ['/b'] }]);
    assert.equal(matchedName(router, { path: '/a/../b?x=1' }), 'b');
    assert.equal(matchedName(router, { path: '/%62' }), 'b');
  });

  it('splits a route whose prefixes differ in length, each sorting on its own', () => {
    const router = routerOf([
      { name: 'mixed', paths: ['/x', '/xyz/abc'] },
      { name: 'middle', paths: ['/xyz'] },
    ]);
    assert.equal(matchedName(router, { path: '/xyz/abc/1' }), 'mixed');
    assert.equal(matchedName(router, { path: '/xyz/1' }), 'middle');
    assert.equal(matchedName(router, { path: '/x1' }), 'mixed');
  });

  it('keeps the file order between equal priorities', () => {
    const router = routerOf([
      { name: 'first', paths: ['/same'] },
      { name: 'second', paths: ['/same'] },
    ]);
    assert.equal(matchedName(router, { path: '/same' }), 'first');
  });

  it('answers undefined when nothing matches', () => {
    const router = routerOf([{ name: 'a', paths: ['/a'] }]);
    assert.equal(router.match({ method: 'GET', host: 'example.com', path: '/b' }), undefined);
  });
});

describe('router: regex paths', () => {
  it('tries regexes before prefixes, and higher regex_priority first', () => {
    const router = routerOf([
      { name: 'prefix', paths: ['/models/gpt-4/chat/completions'] },
      { name: 'low', paths: ['~/models/[^/]+/chat'], regex_priority: 1 },
      { name: 'high', paths: ['~/models/gpt-4/'], regex_priority: 5 },
    ]);
    assert.equal(matchedName(router, { path: '/models/gpt-4/chat/completions' }), 'high');
    assert.equal(matchedName(router, { path: '/models/other/chat' }), 'low');
  });

  it('anchors the regex at the start only', () => {
    const router = routerOf([{ name: 're', paths: ['~/v\\d+/chat'] }]);
    assert.equal(matchedName(router, { path: '/v1/chat/completions' }), 're');
    assert.equal(matchedName(router, { path: '/api/v1/chat' }), undefined);
  });

  it('gives named and numbered captures as kong.request.get_uri_captures does', () => {
    const router = routerOf([{ name: 're', paths: ['~/models/(?<model>[^/]+)/(chat|completions)$'] }]);
    const match = router.match({ method: 'POST', host: 'example.com', path: '/models/gpt-4o/chat' });
    assert.deepEqual(match?.uriCaptures, { named: { model: 'gpt-4o' }, unnamed: ['/models/gpt-4o/chat', 'gpt-4o', 'chat'] });
    assert.equal(match?.matchedPath, '/models/gpt-4o/chat');
    assert.equal(match?.upstreamPath, '/base');
  });

  it("accepts PCRE's (?P<name>...) syntax", () => {
    const router = routerOf([{ name: 're', paths: ['~/(?P<version>v\\d)/'] }]);
    assert.deepEqual(router.match({ method: 'GET', host: 'h', path: '/v2/x' })?.uriCaptures.named, { version: 'v2' });
  });

  it('reads ~/(?i) as case-insensitive matching', () => {
    const router = routerOf([{ name: 'ci', paths: ['~/(?i)OpenAI/'] }]);
    assert.equal(matchedName(router, { path: '/openai/chat' }), 'ci');
    assert.equal(routerOf([{ name: 'cs', paths: ['~/OpenAI/'] }]).match({ method: 'GET', host: 'h', path: '/openai/chat' }), undefined);
  });

  it('has no captures for a regex without groups, nor for a prefix', () => {
    const router = routerOf([
      { name: 're', paths: ['~/r/\\d+'] },
      { name: 'p', paths: ['/p'] },
    ]);
    assert.deepEqual(router.match({ method: 'GET', host: 'h', path: '/r/1' })?.uriCaptures, { named: {}, unnamed: [] });
    assert.deepEqual(router.match({ method: 'GET', host: 'h', path: '/p/1' })?.uriCaptures, { named: {}, unnamed: [] });
  });

  it('strips the whole regex match with strip_path', () => {
    const router = routerOf([{ name: 're', paths: ['~/ai/[a-z]+'], strip_path: true }]);
    assert.equal(router.match({ method: 'GET', host: 'h', path: '/ai/openai/v1/chat' })?.upstreamPath, '/base/v1/chat');
  });
});

describe('router: methods and hosts', () => {
  it('matches methods exactly, and a route with methods outranks one without', () => {
    const router = routerOf([
      { name: 'any', paths: ['/chat/completions'] },
      { name: 'post', paths: ['/chat'], methods: ['POST'] },
    ]);
    assert.equal(matchedName(router, { method: 'POST', path: '/chat/completions' }), 'post');
    assert.equal(matchedName(router, { method: 'GET', path: '/chat/completions' }), 'any');
    assert.equal(matchedName(router, { method: 'GET', path: '/chat' }), undefined);
  });

  it('matches exact and wildcard hosts, case-insensitively, ignoring the Host port', () => {
    const router = routerOf([
      { name: 'exact', hosts: ['api.example.com'] },
      { name: 'left', hosts: ['*.example.com'] },
      { name: 'right', hosts: ['example.*'] },
    ]);
    assert.equal(matchedName(router, { host: 'API.Example.com:8000', path: '/' }), 'exact');
    assert.equal(matchedName(router, { host: 'other.example.com', path: '/' }), 'left');
    assert.equal(matchedName(router, { host: 'example.org', path: '/' }), 'right');
    assert.equal(matchedName(router, { host: 'example', path: '/' }), undefined);
  });

  it('a plain host outranks a wildcard one', () => {
    const router = routerOf([
      { name: 'wild', hosts: ['*.example.com'], paths: ['/'] },
      { name: 'plain', hosts: ['a.example.com'], paths: ['/'] },
    ]);
    assert.equal(matchedName(router, { host: 'a.example.com', path: '/x' }), 'plain');
  });

  it('a host with a port also needs the request to come in on that port', () => {
    const router = routerOf([{ name: 'p', hosts: ['example.com:8443'] }]);
    assert.equal(matchedName(router, { host: 'example.com', port: 8443, path: '/' }), 'p');
    assert.equal(matchedName(router, { host: 'example.com:8443', path: '/' }), 'p');
    assert.equal(matchedName(router, { host: 'example.com', port: 8000, path: '/' }), undefined);
  });

  it('conditions combine: method, host and path must all match', () => {
    const router = routerOf([{ name: 'all', hosts: ['example.com'], methods: ['POST'], paths: ['/chat'] }]);
    assert.equal(matchedName(router, { method: 'POST', path: '/chat' }), 'all');
    assert.equal(matchedName(router, { method: 'POST', host: 'other.com', path: '/chat' }), undefined);
  });
});

describe('router: services', () => {
  it('returns the route with its service and leaves disabled services out', () => {
    const enabled = routerOf([{ name: 'r', paths: ['/'] }]);
    const match = enabled.match({ method: 'GET', host: 'h', path: '/' });
    assert.equal(match?.service.name, 'svc');
    assert.equal(match?.service.port, 8080);
    const disabled = routerOf([{ name: 'r', paths: ['/'] }], { enabled: false });
    assert.equal(disabled.match({ method: 'GET', host: 'h', path: '/' }), undefined);
  });
});

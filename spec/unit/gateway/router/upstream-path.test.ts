import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRouter } from '../../../../src/gateway/router';
import type { DeclarativeConfig } from '../../../../src/gateway/declarative/types';
import { joinUpstreamPath } from '../../../../src/gateway/router/upstream-path';

/**
 * Kong's path_handling v0 behaviour (the only one of the traditional_compatible router):
 * service path, route path (undefined = the route matches on host only), strip_path, request, upstream.
 * Facts from Kong's router behaviour; the rows are ours.
 */
const CASES: [service: string, route: string | undefined, strip: boolean[], request: string, upstream: string][] = [
  ['/', '/', [false, true], '/', '/'],
  ['/', '/', [false, true], '/route/', '/route/'],
  ['/', '/', [false, true], '/route/req', '/route/req'],
  ['/', '/route', [false], '/routereq', '/routereq'],
  ['/', '/route', [true], '/route', '/'],
  ['/', '/route', [true], '/route/', '/'],
  ['/', '/route', [true], '/routereq', '/req'],
  ['/', '/route/', [true], '/route/req', '/req'],
  ['/srv', '/rou', [false], '/roureq', '/srv/roureq'],
  ['/srv', '/rou', [true], '/roureq', '/srv/req'],
  ['/srv/', '/rou', [false], '/rou', '/srv/rou'],
  ['/srv/', '/rou', [true], '/rou', '/srv'],
  ['/service', '/', [false, true], '/', '/service'],
  ['/service', '/', [false, true], '/route', '/service/route'],
  ['/service', '/', [false, true], '/route/', '/service/route/'],
  ['/service', '/route', [false], '/route', '/service/route'],
  ['/service', '/route', [true], '/route', '/service'],
  ['/service', '/route', [true], '/route/', '/service/'],
  ['/service', '/route', [true], '/routereq', '/service/req'],
  ['/service', '/route/', [true], '/route/', '/service/'],
  ['/service', '/route/', [true], '/route/req', '/service/req'],
  ['/service/', '/', [false, true], '/', '/service/'],
  ['/service/', '/', [false, true], '/route/req', '/service/route/req'],
  ['/service/', '/route', [true], '/route', '/service'],
  ['/service/', '/route', [true], '/route/', '/service/'],
  ['/service/', '/route', [true], '/routereq', '/service/req'],
  ['/service/', '/route/', [true], '/route/req', '/service/req'],
  ['/service', undefined, [false, true], '/', '/service'],
  ['/service', undefined, [false, true], '/route/', '/service/route/'],
  ['/service/', undefined, [false, true], '/route', '/service/route'],
  // Dot segments right after the matched prefix are dropped (sanitize_uri_postfix), encoded or not.
  ['/service', '/route', [true], '/route./req', '/service/req'],
  ['/service', '/route', [true], '/route%2E/req', '/service/req'],
  ['/service', '/route', [true], '/route../req', '/service/req'],
  ['/service', '/route', [true], '/route%2e%2E/req', '/service/req'],
  ['/service/', '/route', [true], '/route../req', '/service/req'],
  ['/service', '/route', [false], '/route./req', '/service/route./req'],
  ['/service', '/route', [false], '/route%2E/req', '/service/route./req'],
];

function configFor(servicePath: string, routePath: string | undefined, strip: boolean): DeclarativeConfig {
  return {
    origin: '<test>',
    services: [
      { id: 's', protocol: 'http', host: 'upstream', port: 80, path: servicePath, connect_timeout: 60000, write_timeout: 60000, read_timeout: 60000, retries: 5, enabled: true },
    ],
    routes: [
      {
        id: 'r',
        paths: routePath === undefined ? [] : [routePath],
        hosts: routePath === undefined ? ['example.com'] : undefined,
        strip_path: strip,
        preserve_host: false,
        regex_priority: 0,
        protocols: ['http', 'https'],
        service: { id: 's' },
      },
    ],
    plugins: [],
  };
}

describe('upstream path (path_handling v0)', () => {
  for (const [servicePath, routePath, strips, request, expected] of CASES) {
    for (const strip of strips) {
      it(`service ${servicePath}, route ${routePath ?? '(host)'}, strip_path ${strip}: ${request} → ${expected}`, () => {
        const match = createRouter(configFor(servicePath, routePath, strip)).match({ method: 'GET', host: 'example.com', path: request });
        assert.ok(match, 'the route matches');
        assert.equal(match.upstreamPath, expected);
      });
    }
  }

  it('keeps the query out of the upstream path', () => {
    const match = createRouter(configFor('/v1', '/api', true)).match({ method: 'GET', host: 'x', path: '/api/chat?stream=true&a=/b' });
    assert.equal(match?.upstreamPath, '/v1/chat');
    assert.equal(match?.requestPath, '/api/chat');
  });

  it('escapes what is sent upstream as Kong does, keeping reserved triplets encoded', () => {
    // Node hands the request target over byte for byte (latin1): "café" in UTF-8 is caf\u00c3\u00a9.
    const match = createRouter(configFor('/', '/api', true)).match({ method: 'GET', host: 'x', path: '/api/a%20b/%2f/%7euser/caf\u00c3\u00a9' });
    assert.equal(match?.requestPath, '/api/a b/%2F/~user/caf\u00c3\u00a9');
    assert.equal(match?.upstreamPath, '/a%20b/%2F/~user/caf%C3%A9');
  });

  it('joins a regex match the same way (the whole match is the prefix)', () => {
    assert.equal(joinUpstreamPath('/models/gpt-4/chat', '/models/gpt-4', true, '/v1'), '/v1/chat');
    assert.equal(joinUpstreamPath('/models/gpt-4/chat', '/models/gpt-4', false, '/v1'), '/v1/models/gpt-4/chat');
  });
});

import { createRequestContext, attachRoute, type RequestContext } from '../../../../src/gateway/runtime/request-context';
import type { RouteEntity, ServiceEntity } from '../../../../src/gateway/declarative/types';

export const SERVICE: ServiceEntity = {
  id: 'svc-1',
  name: 'svc',
  protocol: 'http',
  host: 'upstream.test',
  port: 8080,
  path: '/base',
  connect_timeout: 60000,
  write_timeout: 60000,
  read_timeout: 60000,
  retries: 5,
  enabled: true,
};

export const ROUTE: RouteEntity = {
  id: 'route-1',
  name: 'r',
  paths: ['/api'],
  strip_path: true,
  preserve_host: false,
  regex_priority: 0,
  protocols: ['http', 'https'],
  service: { id: 'svc-1' },
};

/** A request context as the gateway builds it, from a raw request description. */
export function contextFor(
  method: string,
  url: string,
  rawHeaders: string[] = ['Host', 'gw.test:8000'],
  body = '',
  routed = true,
): RequestContext {
  const ctx = createRequestContext({
    id: 'a'.repeat(32),
    clientIp: '127.0.0.1',
    serverPort: 8000,
    method,
    url,
    httpVersion: '1.1',
    rawHeaders,
    body: Buffer.from(body),
    startedAt: 1_700_000_000_000,
    start: 0,
  });
  if (routed) {
    attachRoute(ctx, {
      route: ROUTE,
      service: SERVICE,
      uriCaptures: { named: { version: 'v1' }, unnamed: ['/api/v1', 'v1'] },
      upstreamPath: '/base/chat',
    });
  }
  return ctx;
}

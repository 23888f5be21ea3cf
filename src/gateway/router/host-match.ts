/**
 * Route host conditions: exact (`example.com`), wildcard-left (`*.example.com`: any host ending in
 * `.example.com`), wildcard-right (`example.*`: any host starting with `example.`), each with an
 * optional `:port` that must equal the port the request came in on. Hosts compare lower-cased.
 * @see kong/router/transform.lua (get_expression, the `route.hosts` part)
 */
import { splitHostPort } from '../declarative/host-names';

export interface HostCondition {
  kind: 'exact' | 'suffix' | 'prefix';
  value: string;
  port?: number;
}

export function parseHostCondition(routeHost: string): HostCondition {
  const { host, port } = splitHostPort(routeHost);
  const lower = host.toLowerCase();
  const withPort = (c: HostCondition): HostCondition => (port === undefined ? c : { ...c, port });
  if (lower.startsWith('*')) return withPort({ kind: 'suffix', value: lower.slice(1) });
  if (lower.endsWith('*')) return withPort({ kind: 'prefix', value: lower.slice(0, -1) });
  return withPort({ kind: 'exact', value: lower });
}

export function hostMatches(condition: HostCondition, host: string, port: number | undefined): boolean {
  if (condition.port !== undefined && condition.port !== port) return false;
  switch (condition.kind) {
    case 'exact':
      return host === condition.value;
    case 'suffix':
      return host.endsWith(condition.value);
    case 'prefix':
      return host.startsWith(condition.value);
  }
}

/**
 * Host checks of Kong's schema: a service host (no port) and a route host (optional port, at most
 * one wildcard label, leftmost or rightmost).
 * @see kong/tools/ip.lua (normalize_ip, check_hostname) and kong/db/schema/typedefs.lua (host, hosts)
 */

const HOSTNAME = /^[\p{L}\p{N}._-]+$/u;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const BRACKETED_IPV6 = /^\[([0-9a-f:.]+)\]$/i;

/** A host split from an optional `:port` suffix (IPv6 literals only in brackets carry a port). */
export interface HostPort {
  host: string;
  port?: number;
}

/** `example.com:8000` → host + port; `[::1]:80` → `[::1]` + 80. */
export function splitHostPort(value: string): HostPort {
  const bracket = /^(\[[^\]]*\])(?::(\d+))?$/.exec(value);
  if (bracket) return bracket[2] === undefined ? { host: bracket[1]! } : { host: bracket[1]!, port: Number(bracket[2]) };
  if ((value.match(/:/g) ?? []).length > 1) return { host: value }; // a bare IPv6 literal
  const colon = /^(.*):(\d+)$/.exec(value);
  if (colon) return { host: colon[1]!, port: Number(colon[2]) };
  return { host: value };
}

function isIpv4(host: string): boolean {
  const m = IPV4.exec(host);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

function isIpv6(host: string): boolean {
  const inner = BRACKETED_IPV6.exec(host)?.[1] ?? host;
  return inner.includes(':') && /^[0-9a-f:.]+$/i.test(inner);
}

/** Kong's check_hostname: letters, digits, `-`, `.`, `_`; no segment ending in `-`; no empty inner segment. */
function isHostname(host: string): boolean {
  if (!HOSTNAME.test(host)) return false;
  const segments = host.split('.');
  return segments.every((segment, i) => !segment.endsWith('-') && (segment !== '' || i === segments.length - 1));
}

function hostProblem(host: string, raw: string): string | undefined {
  if (/^[\d.]+$/.test(host)) return isIpv4(host) ? undefined : `invalid ipv4 address: ${raw}`;
  if ((host.match(/:/g) ?? []).length > 1 || host.startsWith('[')) return isIpv6(host) ? undefined : 'invalid ipv6 address';
  return isHostname(host) ? undefined : `invalid hostname: ${raw}`;
}

/** A service host: a name or an IP address, without a port (typedefs.host). Returns the problem, if any. */
export function serviceHostProblem(value: string): string | undefined {
  const { host, port } = splitHostPort(value);
  if (port !== undefined) return port > 65535 ? 'invalid port number' : 'must not have a port';
  return hostProblem(host, value) === undefined ? undefined : `invalid value: ${value}`;
}

/** A route host: optional port, at most one `*` as the leftmost or rightmost label (typedefs.hosts). */
export function routeHostProblem(value: string): string | undefined {
  const stars = (value.match(/\*/g) ?? []).length;
  if (stars > 1) return 'invalid wildcard: must have at most one wildcard';
  if (stars === 1 && !/^\*\./.test(value) && !/\.\*$/.test(value)) {
    return 'invalid wildcard: must be placed at leftmost or rightmost label';
  }
  const { host, port } = splitHostPort(value.replace('*', 'abc'));
  if (port !== undefined && port > 65535) return 'invalid port number';
  return hostProblem(host, value);
}

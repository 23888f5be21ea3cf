/**
 * One `services[]` entry: the `url` shorthand or protocol/host/port/path, Kong's defaults
 * (port 80, path '/', timeouts 60000 ms, retries 5), and its nested `routes` / `plugins`.
 * @see kong/db/schema/entities/services.lua
 */
import type { ServiceEntity, ServiceProtocol } from './types';
import {
  IssueList,
  at,
  checkFields,
  optBoolean,
  optId,
  optInteger,
  optName,
  optString,
  optTags,
  readEntry,
  type Fields,
} from './fields';
import { serviceHostProblem } from './host-names';
import { servicePathProblem } from './paths';
import { protocolProblem } from './protocols';

const TIMEOUT = { min: 1, max: 2 ** 31 - 2 };
const DEFAULT_TIMEOUT_MS = 60000;

const FIELDS = new Set([
  'id', 'name', 'url', 'protocol', 'host', 'port', 'path', 'retries', 'connect_timeout', 'write_timeout',
  'read_timeout', 'tags', 'enabled', 'tls_verify', 'created_at', 'updated_at', 'routes', 'plugins',
]);
const REFUSED: Record<string, string> = {
  client_certificate: 'client certificates are not supported by the local gateway',
  ca_certificates: 'CA certificates are not supported by the local gateway',
  tls_verify_depth: 'tls_verify_depth is not supported by the local gateway',
};

/** A service before ids and references are settled. */
export interface ServiceDraft {
  path: string;
  givenId?: string;
  name?: string;
  /**
   * Undefined when the entry is unusable (no host or protocol). Entries with other problems are
   * still settled so that every problem of the file gets reported; the loader then throws.
   */
  fields?: Omit<ServiceEntity, 'id'>;
  routes: unknown[];
  plugins: unknown[];
}

interface Target {
  protocol?: string;
  host?: string;
  port?: number;
  path?: string;
}

/**
 * The url shorthand, as Kong splits it (scheme, else 443 → https, else http; port from the scheme).
 * Undefined when there is no `url`; 'invalid' when it is unusable (the issue is reported).
 */
function readUrl(entry: Fields, path: string, issues: IssueList): Target | 'invalid' | undefined {
  if (entry.url === undefined || entry.url === null) return undefined;
  const url = optString(entry, 'url', path, issues);
  if (url === undefined) return 'invalid';
  const clash = ['protocol', 'host', 'port', 'path'].filter((k) => entry[k] !== undefined && entry[k] !== null);
  if (clash.length > 0) {
    issues.add(at(path, 'url'), `cannot be set together with ${clash.map((k) => `'${k}'`).join(', ')}`);
    return 'invalid';
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    issues.add(at(path, 'url'), `invalid url: ${url}`);
    return 'invalid';
  }
  const protocol = parsed.protocol.slice(0, -1);
  const explicitPort = parsed.port === '' ? undefined : Number(parsed.port);
  const defaultPort = protocol === 'https' ? 443 : 80;
  return {
    protocol,
    host: parsed.hostname,
    port: explicitPort ?? defaultPort,
    path: parsed.pathname === '' ? '/' : parsed.pathname,
  };
}

function readTarget(entry: Fields, path: string, issues: IssueList): Target {
  const protocol = optString(entry, 'protocol', path, issues);
  const host = optString(entry, 'host', path, issues);
  const port = optInteger(entry, 'port', path, issues, { min: 0, max: 65535 });
  const servicePath = optString(entry, 'path', path, issues);
  return { protocol, host, port, path: servicePath };
}

function checkProtocol(protocol: string, path: string, issues: IssueList): ServiceProtocol | undefined {
  const problem = protocolProblem(protocol);
  if (problem === undefined) return protocol as ServiceProtocol;
  issues.add(path, problem);
  return undefined;
}

function readNested(entry: Fields, key: string, path: string, issues: IssueList): unknown[] {
  const value = entry[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  issues.add(at(path, key), 'expected an array');
  return [];
}

export function readService(raw: unknown, path: string, issues: IssueList): ServiceDraft | undefined {
  const entry = readEntry(raw, path, issues);
  if (!entry) return undefined;
  checkFields(entry, path, issues, FIELDS, REFUSED);

  const givenId = optId(entry, path, issues);
  const name = optName(entry, 'name', path, issues);
  const shorthand = readUrl(entry, path, issues);
  const target = shorthand === 'invalid' ? undefined : (shorthand ?? readTarget(entry, path, issues));
  const protocolPath = at(path, shorthand === undefined ? 'protocol' : 'url');
  const protocol = target && checkProtocol(target.protocol ?? 'http', protocolPath, issues);
  if (target && (target.host === undefined || target.host === '')) issues.add(at(path, 'host'), 'required field missing');
  else if (target?.host !== undefined) {
    const problem = serviceHostProblem(target.host);
    if (problem) issues.add(at(path, 'host'), problem);
  }
  if (target?.path !== undefined) {
    const problem = servicePathProblem(target.path);
    if (problem) issues.add(at(path, 'path'), problem);
  }
  const retries = optInteger(entry, 'retries', path, issues, { min: 0, max: 32767 });
  const connectTimeout = optInteger(entry, 'connect_timeout', path, issues, TIMEOUT);
  const writeTimeout = optInteger(entry, 'write_timeout', path, issues, TIMEOUT);
  const readTimeout = optInteger(entry, 'read_timeout', path, issues, TIMEOUT);
  const enabled = optBoolean(entry, 'enabled', path, issues);
  const tlsVerify = optBoolean(entry, 'tls_verify', path, issues);
  if (tlsVerify !== undefined && protocol !== undefined && protocol !== 'https') {
    issues.add(at(path, 'tls_verify'), "failed conditional validation given value of field 'protocol'");
  }
  const tags = optTags(entry, path, issues);
  optInteger(entry, 'created_at', path, issues);
  optInteger(entry, 'updated_at', path, issues);
  const routes = readNested(entry, 'routes', path, issues);
  const plugins = readNested(entry, 'plugins', path, issues);

  if (protocol === undefined || target?.host === undefined) {
    // Still returned: its name and id settle references, its nested entries are still checked.
    return { path, givenId, name, routes, plugins };
  }
  return {
    path,
    givenId,
    name,
    fields: {
      ...(name !== undefined ? { name } : {}),
      protocol,
      host: target.host,
      port: target.port ?? (protocol === 'https' ? 443 : 80),
      path: target.path ?? '/',
      connect_timeout: connectTimeout ?? DEFAULT_TIMEOUT_MS,
      write_timeout: writeTimeout ?? DEFAULT_TIMEOUT_MS,
      read_timeout: readTimeout ?? DEFAULT_TIMEOUT_MS,
      retries: retries ?? 5,
      enabled: enabled ?? true,
      ...(tlsVerify !== undefined ? { tls_verify: tlsVerify } : {}),
      ...(tags !== undefined ? { tags } : {}),
    },
    routes,
    plugins,
  };
}

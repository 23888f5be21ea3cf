/**
 * The entities of a Kong declarative file (`_format_version: "3.0"`) that the local gateway serves,
 * after loading: references resolved, defaults applied, every entity with an id.
 * @see https://developer.konghq.com/gateway/entities/ (Service, Route, Plugin)
 */

export type ServiceProtocol = 'http' | 'https';

export interface ServiceEntity {
  id: string;
  name?: string;
  protocol: ServiceProtocol;
  host: string;
  port: number;
  /** Always starts with '/' (Kong's default path is '/'). */
  path: string;
  connect_timeout: number;
  write_timeout: number;
  read_timeout: number;
  retries: number;
  /** A disabled service gets no traffic: its routes are left out of the router (Kong 3.x). */
  enabled: boolean;
  /** Verify the upstream's TLS certificate (https only); unset = the gateway's default (verify). */
  tls_verify?: boolean;
  tags?: string[];
}

export interface RouteEntity {
  id: string;
  name?: string;
  paths: string[];
  methods?: string[];
  hosts?: string[];
  strip_path: boolean;
  preserve_host: boolean;
  regex_priority: number;
  protocols: string[];
  tags?: string[];
  /** Id of the service the route proxies to. */
  service: { id: string };
}

/** Where a plugin entry is attached; decides precedence (route beats service beats global). */
export type PluginScope =
  | { kind: 'global' }
  | { kind: 'service'; serviceId: string }
  | { kind: 'route'; routeId: string };

export interface PluginEntity {
  id: string;
  name: string;
  instance_name?: string;
  enabled: boolean;
  /**
   * The config to start the plugin instance with: vault references resolved from the environment
   * the loader was given, then validated with the plugin's validator (defaults filled) if it has one,
   * and `__plugin_id` (the entity id) added as Kong's plugins iterator does.
   * It may hold secrets: never log it.
   * @see kong/runloop/plugins_iterator.lua (get_plugin_config)
   */
  config: Record<string, unknown>;
  /** Dotted config path (`config.auth.header_value`) → the vault reference written there. */
  vaultReferences?: Record<string, string>;
  scope: PluginScope;
  /** Where the entry was found in the file, e.g. `services[0].plugins[1]` (for messages). */
  source: string;
}

export interface DeclarativeConfig {
  /** The file it came from, or '<inline>' for an object. */
  origin: string;
  services: ServiceEntity[];
  routes: RouteEntity[];
  plugins: PluginEntity[];
  /**
   * Problems that do not stop the gateway, to be logged at start-up: vault references without a
   * value (resolved to "" as Kong does).
   */
  warnings?: LoadIssue[];
}

/** One problem found while loading; the loader throws them all at once. */
export interface LoadIssue {
  path: string;
  message: string;
}

export class DeclarativeConfigError extends Error {
  constructor(
    readonly origin: string,
    readonly issues: LoadIssue[],
  ) {
    super(
      `invalid declarative config ${origin}:\n` +
        issues.map((i) => `  ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'),
    );
    this.name = 'DeclarativeConfigError';
  }
}

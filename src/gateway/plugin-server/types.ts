/**
 * The Kong side of Kong's external-plugin protocol (kong/runloop/plugin_servers/**), as the local
 * gateway uses it. The client owns the plugin-server process, the msgpack-RPC connections and the
 * HandleEvent / Step* loop; the gateway owns the request and answers PDK calls through `PdkHandler`.
 */

export type Phase = 'certificate' | 'rewrite' | 'access' | 'preread' | 'response' | 'log';

/** What `--dump-all-plugins` / `plugin.GetPluginInfo` says of one plugin. */
export interface PluginInfo {
  Name: string;
  Version?: string;
  Priority: number;
  Phases: Phase[];
  Schema: { name: string; fields: unknown[] };
}

/** One started plugin instance (`plugin.StartInstance`). Restarted transparently by the client. */
export interface InstanceHandle {
  readonly name: string;
  readonly config: Record<string, unknown>;
  /** The server's id of this instance now; undefined until (re)started in the running server process. */
  readonly id: number | undefined;
}

/**
 * Answers one PDK call made by the plugin (method is Kong's dotted name, e.g. `kong.request.get_headers`).
 * Return the value to send back with the Step call; throw (any Error) to send a StepError with its message.
 * A method Kong does not know must throw, never hang.
 */
export type PdkHandler = (method: string, args: unknown[]) => Promise<unknown> | unknown;

export interface PhaseOutcome {
  /** The plugin called a non-returning method (`kong.response.exit` / `kong.response.error`). */
  exited: boolean;
  /** PDK calls the plugin made in this phase, the final non-returning one included (for tests that count them). */
  pdkCalls: number;
  /** The server's id of the event (diagnostics). */
  eventId: number;
}

/**
 * `plugin.GetStatus`. kong-pdk 0.6.0 reports `Pid` and `Plugins` only; our server adds `Events`
 * and `Memory` (and runs a gc first when asked with `{Gc: true}` and started with `--expose-gc`).
 */
export interface ServerStatus {
  Pid: number;
  Plugins: Record<string, unknown>;
  Events?: { Pending: number; Started: number; Returned: number; Exited: number; Abandoned: number };
  Memory?: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}

export interface PluginServerClient {
  /** Spawns the server, learns the plugins (`--dump-all-plugins`), opens the connection pool. */
  start(): Promise<void>;
  plugins(): Map<string, PluginInfo>;
  startInstance(name: string, config: Record<string, unknown>): Promise<InstanceHandle>;
  /** Runs one phase to its end ('ret') or to a non-returning PDK call; the PDK handler answers calls. */
  runPhase(instance: InstanceHandle, phase: Phase, pdk: PdkHandler): Promise<PhaseOutcome>;
  /** Pid of the running plugin-server process (tests kill it to prove restarts). */
  pid(): number | undefined;
  /** `plugin.GetStatus`; `gc: true` asks our server to collect garbage first. */
  status(options?: { gc?: boolean }): Promise<ServerStatus>;
  /** One raw msgpack-RPC call (`plugin.<Method>`, params as Kong packs them), for tests and diagnostics. */
  rpc(method: string, params: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

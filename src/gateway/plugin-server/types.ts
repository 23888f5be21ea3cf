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
  /** PDK round trips made in this phase (for tests that count them). */
  pdkCalls: number;
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
  close(): Promise<void>;
}

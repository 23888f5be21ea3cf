/**
 * The Kong side of the external-plugin protocol for the local gateway: owns the plugin-server
 * process, a pool of msgpack-RPC connections, the plugin instances, and the HandleEvent / Step*
 * loop of every phase — the work of Kong's `plugin_servers/{process,plugin}.lua` and `mp_rpc.lua`.
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/plugin_servers/rpc/mp_rpc.lua
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/plugin_servers/plugin.lua
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConnectionPool } from './pool';
import { dumpPlugins, spawnServer, stopProcess, waitForSocket, type ServerCommand } from './process';
import { RpcConnectionError, RpcRemoteError } from './rpc';
import { stepMethodFor, toWireResult, type StepMethod } from './step';
import type { InstanceHandle, PdkHandler, Phase, PhaseOutcome, PluginInfo, PluginServerClient, ServerStatus } from './types';

/** Which plugin server to run: ours (default), kong-pdk 0.6.0's `kong-js-pluginserver`, or another script. */
export type PluginServerKind = 'ours' | 'kong-pdk' | { script: string };

export interface PluginServerClientOptions {
  /** The directory of compiled plugin entries the server loads (`-d`). */
  pluginsDir: string;
  server?: PluginServerKind;
  /** Flags for Node running the server, e.g. `['--expose-gc']`. */
  nodeArgs?: string[];
  /** Connections kept open to the server. Default 4. */
  poolSize?: number;
  /** Concurrent calls one connection may carry. Default: unbounded for ours, 1 for any other server. */
  maxInFlightPerConnection?: number;
  /** Least time between two spawns of the server (Kong: 1 s). Default 1000. */
  respawnDelayMs?: number;
  /** Spawns tried in a row when the server died, before calls fail. Default 5. */
  maxRestartAttempts?: number;
  /** How long the server may take to listen, and the dump to answer. Default 15000. */
  startTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL on close. Default 3000. */
  closeGraceMs?: number;
  /** Each line the server prints (Kong logs them at INFO), and the client's own notes; the last few also go into start errors. */
  onLog?: (line: string) => void;
}

/** The socket name both servers use under `--kong-prefix` (kong-pdk's `--sock-name` default). */
const SOCKET_NAME = 'js_pluginserver.sock';

/** After these PDK calls Kong never resumes the event: the request has been answered. */
const NON_RETURNING_METHODS: ReadonlySet<string> = new Set(['kong.response.exit', 'kong.response.error']);

/** Kong restarts the instance when a call's error contains this (`str_find(err:lower(), …)`). */
const NO_PLUGIN_INSTANCE = 'no plugin instance';

const RECENT_LOG_LINES = 40;

/** How long a call that lost its connection waits to learn whether the server died (its exit event). */
const DEATH_NOTICE_MS = 1000;

/** Our server: `dist/src/pluginserver/bin.js` beside this compiled file. */
export function ourServerScript(): string {
  return path.resolve(__dirname, '..', '..', 'pluginserver', 'bin.js');
}

export function kongPdkServerScript(): string {
  return require.resolve('kong-pdk/bin/kong-js-pluginserver');
}

function scriptOf(kind: PluginServerKind): string {
  if (kind === 'ours') return ourServerScript();
  if (kind === 'kong-pdk') return kongPdkServerScript();
  return kind.script;
}

interface PdkCallData {
  Method: string;
  Args: unknown[];
}

interface EventStep {
  EventId: number;
  Data: PdkCallData | 'ret';
}

/** Checks a HandleEvent / Step* answer: `{EventId, Data: 'ret' | {Method, Args}}`. */
function asEventStep(answer: unknown, method: string): EventStep {
  if (typeof answer === 'object' && answer !== null) {
    const { EventId, Data } = answer as { EventId?: unknown; Data?: unknown };
    if (typeof EventId === 'number') {
      if (Data === 'ret') return { EventId, Data };
      if (typeof Data === 'object' && Data !== null && typeof (Data as { Method?: unknown }).Method === 'string') {
        const args = (Data as { Args?: unknown }).Args;
        return { EventId, Data: { Method: (Data as { Method: string }).Method, Args: Array.isArray(args) ? args : [] } };
      }
    }
  }
  throw new Error(`${method}: not an event step: ${JSON.stringify(answer)}`);
}

function isNoPluginInstance(err: unknown): boolean {
  return err instanceof RpcRemoteError && err.remoteMessage.toLowerCase().includes(NO_PLUGIN_INSTANCE);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One instance as the gateway holds it: its config, and the server's id for it in the current process. */
class ManagedInstance implements InstanceHandle {
  serverId: number | undefined;
  /** The client's instance epoch when `serverId` was given; a newer epoch means a new server process. */
  epoch = -1;
  starting: Promise<number> | undefined;

  constructor(readonly name: string, readonly config: Record<string, unknown>, private readonly currentEpoch: () => number) {}

  get id(): number | undefined {
    return this.epoch === this.currentEpoch() ? this.serverId : undefined;
  }
}

class Client implements PluginServerClient {
  private readonly command: ServerCommand;
  /** The `--kong-prefix` holding the socket: a private temporary directory, made at the first start. */
  private socketDir: string | undefined;
  private knownPlugins = new Map<string, PluginInfo>();
  private child: ChildProcess | undefined;
  private pool: ConnectionPool | undefined;
  private launching: Promise<void> | undefined;
  private lastSpawnAt = 0;
  /** Bumped at every spawn (and when a server reports a new pid): instance ids of older epochs are void. */
  private instanceEpoch = 0;
  private lastServerPid: number | undefined;
  private closing = false;
  private readonly recentLog: string[] = [];

  constructor(private readonly options: PluginServerClientOptions) {
    const kind = options.server ?? 'ours';
    this.command = { script: scriptOf(kind), nodeArgs: options.nodeArgs ?? [] };
  }

  async start(): Promise<void> {
    await this.ensureRunning(1);
  }

  plugins(): Map<string, PluginInfo> {
    return new Map(this.knownPlugins);
  }

  pid(): number | undefined {
    return this.child?.pid;
  }

  async startInstance(name: string, config: Record<string, unknown>): Promise<InstanceHandle> {
    await this.ensureRunning();
    if (!this.knownPlugins.has(name)) throw new Error(`plugin ${name} is not served by the plugin server`);
    const instance = new ManagedInstance(name, config, () => this.instanceEpoch);
    await this.instanceIdFor(instance);
    return instance;
  }

  async runPhase(handle: InstanceHandle, phase: Phase, pdk: PdkHandler): Promise<PhaseOutcome> {
    if (!(handle instanceof ManagedInstance)) throw new Error('not an instance started by this client');
    return this.bridgeLoop(await this.handleEvent(handle, phase), pdk);
  }

  async status(options: { gc?: boolean } = {}): Promise<ServerStatus> {
    const status = await this.call('plugin.GetStatus', [{ Gc: options.gc === true }]);
    if (typeof status !== 'object' || status === null || typeof (status as { Pid?: unknown }).Pid !== 'number') {
      throw new Error(`plugin.GetStatus: unexpected answer ${JSON.stringify(status)}`);
    }
    return status as ServerStatus;
  }

  rpc(method: string, params: unknown[]): Promise<unknown> {
    return this.call(method, params);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.pool?.close();
    this.pool = undefined;
    const child = this.child;
    this.child = undefined;
    if (child) await stopProcess(child, this.options.closeGraceMs ?? 3000);
    await this.launching?.catch(() => undefined);
    if (this.socketDir !== undefined) fs.rmSync(this.socketDir, { recursive: true, force: true });
  }

  /**
   * `plugin.HandleEvent`, retried once when nothing has run yet: after "no plugin instance" (the
   * server dropped the instance: start it again, as Kong does), or when the server died under the
   * call (wait for the respawned one; Kong would fail that request).
   */
  private async handleEvent(instance: ManagedInstance, phase: Phase): Promise<EventStep> {
    for (let attempt = 1; ; attempt++) {
      const instanceId = await this.instanceIdFor(instance);
      const pool = this.pool;
      try {
        return asEventStep(await this.call('plugin.HandleEvent', [{ InstanceId: instanceId, EventName: phase }]), 'plugin.HandleEvent');
      } catch (err) {
        if (attempt > 1) throw err;
        if (isNoPluginInstance(err)) {
          this.log(`${errorText(err)}: restarting instance of ${instance.name}`);
          if (instance.serverId === instanceId) instance.serverId = undefined;
          continue;
        }
        if (err instanceof RpcConnectionError && (await this.serverReplaced(pool))) continue;
        throw err;
      }
    }
  }

  /** True once a server that failed a call is known dead and a new one listens; false if it stays up. */
  private async serverReplaced(failedPool: ConnectionPool | undefined): Promise<boolean> {
    const deadline = Date.now() + DEATH_NOTICE_MS;
    while (this.pool === failedPool && !this.closing && Date.now() < deadline) await sleep(10);
    if (this.pool === failedPool) return false;
    await this.ensureRunning();
    return true;
  }

  /** Kong's `bridge_loop` after HandleEvent: answer each PDK call with the right Step* until `'ret'` or an exit. */
  private async bridgeLoop(first: EventStep, pdk: PdkHandler): Promise<PhaseOutcome> {
    let step = first;
    const eventId = step.EventId;
    let pdkCalls = 0;
    for (;;) {
      if (step.Data === 'ret') return { exited: false, pdkCalls, eventId };
      const { Method, Args } = step.Data;
      pdkCalls++;
      if (NON_RETURNING_METHODS.has(Method)) {
        // The request is answered; Kong never sends another Step for this event.
        await pdk(Method, Args);
        return { exited: true, pdkCalls, eventId };
      }
      let stepMethod: StepMethod;
      let data: unknown;
      try {
        data = toWireResult(Method, await pdk(Method, Args));
        stepMethod = stepMethodFor(Method);
      } catch (err) {
        stepMethod = 'plugin.StepError';
        data = errorText(err);
      }
      step = asEventStep(await this.call(stepMethod, [{ EventId: eventId, Data: data }]), stepMethod);
    }
  }

  /** The server's id for the instance, starting it in the current process if needed (one start at a time). */
  private async instanceIdFor(instance: ManagedInstance): Promise<number> {
    await this.ensureRunning();
    const known = instance.id;
    if (known !== undefined) return known;
    if (instance.starting === undefined) {
      instance.starting = this.startOnServer(instance).finally(() => {
        instance.starting = undefined;
      });
    }
    return instance.starting;
  }

  private async startOnServer(instance: ManagedInstance): Promise<number> {
    const epoch = this.instanceEpoch;
    // Kong sends the config JSON-encoded (`cjson_encode(conf)`); both servers JSON.parse it.
    const status = await this.call('plugin.StartInstance', [{ Name: instance.name, Config: JSON.stringify(instance.config) }]);
    const id = typeof status === 'object' && status !== null ? (status as { Id?: unknown }).Id : undefined;
    if (typeof id !== 'number') throw new Error(`plugin.StartInstance: no instance id in ${JSON.stringify(status)}`);
    instance.serverId = id;
    instance.epoch = epoch;
    return id;
  }

  private async call(method: string, params: unknown[]): Promise<unknown> {
    await this.ensureRunning();
    const pool = this.pool;
    if (pool === undefined) throw new Error(`${method}: the plugin server is not running`);
    return pool.call(method, params);
  }

  /** Resolves once the server is listening; starts it (or joins a start under way) when it is not. */
  private async ensureRunning(attempts = this.options.maxRestartAttempts ?? 5): Promise<void> {
    if (this.closing) throw new Error('the plugin server client is closed');
    if (this.pool !== undefined) return;
    if (this.launching === undefined) {
      this.launching = this.launchWithRetries(attempts).finally(() => {
        this.launching = undefined;
      });
    }
    return this.launching;
  }

  private async launchWithRetries(attempts: number): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.launch();
        return;
      } catch (err) {
        lastError = err;
        const child = this.child;
        this.child = undefined;
        if (child) await stopProcess(child, this.options.closeGraceMs ?? 3000);
        if (this.closing) break;
        this.log(`plugin server start failed (attempt ${attempt}/${attempts}): ${errorText(err)}`);
      }
    }
    const recent = this.recentLog.slice(-10).join('\n');
    throw new Error(`${errorText(lastError)}${recent ? `\nlast server output:\n${recent}` : ''}`);
  }

  /** Kong's `pluginserver_timer` step: wait out the respawn delay, query the plugins, spawn, wait for the socket. */
  private async launch(): Promise<void> {
    const wait = this.lastSpawnAt + (this.options.respawnDelayMs ?? 1000) - Date.now();
    if (wait > 0) await sleep(wait);
    const timeoutMs = this.options.startTimeoutMs ?? 15_000;
    const infos = await dumpPlugins(this.command, this.options.pluginsDir, timeoutMs);
    if (this.closing) throw new Error('the plugin server client is closed');
    this.knownPlugins = new Map(infos.map((info) => [info.Name, info]));
    this.lastSpawnAt = Date.now();
    this.socketDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'kong-ps-'));
    const socketPath = path.join(this.socketDir, SOCKET_NAME);
    const child = spawnServer(this.command, this.options.pluginsDir, this.socketDir, (line) => this.log(line));
    this.child = child;
    this.instanceEpoch++;
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    await waitForSocket(socketPath, child, timeoutMs);
    const pool = new ConnectionPool({
      socketPath,
      size: this.options.poolSize ?? 4,
      maxInFlightPerConnection: this.options.maxInFlightPerConnection ?? ((this.options.server ?? 'ours') === 'ours' ? Infinity : 1),
      onNotification: (label, args) => this.onNotification(label, args),
    });
    await pool.open();
    if (this.closing || this.child !== child) {
      pool.close();
      throw new Error('the plugin server went away while starting');
    }
    this.pool = pool;
  }

  /** A running server died: drop its connections and respawn it (Kong respawns at once, at most once a second). */
  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.closing || child !== this.child || this.pool === undefined) return; // a start under way handles its own failure
    this.log(`plugin server ${child.pid} terminated: ${code ?? signal}`);
    this.child = undefined;
    this.pool.close();
    this.pool = undefined;
    this.ensureRunning().catch((err: unknown) => this.log(`plugin server restart failed: ${errorText(err)}`));
  }

  /** Kong's `rpc_notifications.serverPid`: a new server pid voids every instance id. */
  private onNotification(label: string, args: unknown): void {
    if (label !== 'serverPid') return;
    const pid = Number(args);
    if (this.lastServerPid !== undefined && pid !== this.lastServerPid) this.instanceEpoch++;
    this.lastServerPid = pid;
  }

  private log(line: string): void {
    this.options.onLog?.(line);
    this.recentLog.push(line);
    if (this.recentLog.length > RECENT_LOG_LINES) this.recentLog.shift();
  }
}

export function createPluginServerClient(options: PluginServerClientOptions): PluginServerClient {
  return new Client(options);
}

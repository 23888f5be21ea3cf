/**
 * The RPC methods of the plugin server (`plugin.<Method>`), protocol-compatible with kong-pdk
 * 0.6.0's server.js, without its event leak.
 */
import fs from 'node:fs';
import { PluginEvent, type Outgoing } from './event';
import type { Logger } from './logger';
import { loadPlugins, pluginInfo, type LoadedPlugin, type PluginInfoDump, type PluginInstanceObject } from './plugin-module';
import { MSG_RET, NON_RETURNING_METHODS, NO_PLUGIN_INSTANCE, type EventStep } from './protocol';

export class PluginServerError extends Error {
  override get name(): string {
    return 'PluginServerError';
  }
}

export interface ServerTimings {
  /** An instance unused for this long is dropped; Kong then restarts it ("no plugin instance"). kong-pdk: 60 s. */
  instanceTtlMs: number;
  /** An event whose PDK call Kong has not answered for this long is dropped (Kong's request died). */
  eventTtlMs: number;
  /** How often both are checked. kong-pdk passed its 60 (seconds) TTL to setInterval as ms. */
  sweepIntervalMs: number;
}

export const DEFAULT_TIMINGS: ServerTimings = { instanceTtlMs: 60_000, eventTtlMs: 60_000, sweepIntervalMs: 5_000 };

interface Instance {
  id: number;
  plugin: LoadedPlugin;
  config: unknown;
  object: PluginInstanceObject;
  startTime: number;
  lastUsed: number;
}

interface InstanceStatus {
  Name: string;
  Id: number;
  Config: unknown;
  StartTime: number;
}

const STEP_ENTITIES = ['Service', 'Consumer', 'Route', 'Plugin', 'Credential', 'MemoryStats'];

function isFinal(message: Outgoing): boolean {
  return message === MSG_RET || NON_RETURNING_METHODS.has(message.Method);
}

function field(params: unknown, name: string): unknown {
  return typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class PluginServer {
  private plugins: Map<string, LoadedPlugin>;
  private readonly instances = new Map<number, Instance>();
  private readonly events = new Map<number, PluginEvent>();
  private nextInstanceId = 0;
  private nextEventId = 0;
  private readonly counters = { started: 0, exited: 0, returned: 0, abandoned: 0 };
  private readonly lastStart = new Map<string, number>();
  private readonly lastClose = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    pluginDir: string | undefined,
    private readonly logger: Logger,
    private readonly timings: ServerTimings = DEFAULT_TIMINGS,
  ) {
    this.plugins = pluginDir ? loadPlugins(pluginDir, logger) : new Map();
    this.sweeper = setInterval(() => this.sweep(), timings.sweepIntervalMs);
    this.sweeper.unref();
  }

  getPlugins(): ReadonlyMap<string, LoadedPlugin> {
    return this.plugins;
  }

  get pendingEvents(): number {
    return this.events.size;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const event of this.events.values()) event.abort('plugin server closing');
    this.events.clear();
  }

  /** Runs `plugin.<method>`; the error texts are kong-pdk's (Kong matches "no plugin instance"). */
  async dispatch(method: string, params: unknown[]): Promise<unknown> {
    const dot = method.indexOf('.');
    const ns = dot < 0 ? method : method.slice(0, dot);
    const cmd = dot < 0 ? '' : method.slice(dot + 1);
    if (ns !== 'plugin') throw new PluginServerError(`RPC for ${ns} is not supported`);
    const arg = params[0];
    switch (cmd) {
      case 'GetStatus': return this.getStatus(arg);
      case 'GetPluginInfo': return this.getPluginInfo(arg);
      case 'SetPluginDir': return this.setPluginDir(arg);
      case 'StartInstance': return this.startInstance(arg);
      case 'InstanceStatus': return this.instanceStatus(arg);
      case 'CloseInstance': return this.closeInstance(arg);
      case 'HandleEvent': return this.handleEvent(arg);
      case 'Step':
      case 'StepMultiMap':
        return this.step(arg, false);
      case 'StepError': return this.step(arg, true);
      default:
        if (cmd.startsWith('Step') && STEP_ENTITIES.includes(cmd.slice(4))) return this.step(arg, false);
        throw new PluginServerError(`method ${cmd} not implemented`);
    }
  }

  getPluginInfo(name: unknown): PluginInfoDump {
    const plugin = typeof name === 'string' ? this.plugins.get(name) : undefined;
    if (!plugin) throw new PluginServerError(`${String(name)} not initialized`);
    return pluginInfo(plugin);
  }

  private setPluginDir(dir: unknown): string {
    if (typeof dir !== 'string') throw new PluginServerError('SetPluginDir expects a directory');
    if (!fs.existsSync(dir)) throw new PluginServerError(`${dir} does not exists`); // kong-pdk's words
    this.plugins = loadPlugins(dir, this.logger);
    return 'ok';
  }

  private getStatus(arg: unknown): unknown {
    // Only for tests started with --expose-gc: a heap figure without garbage in it.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (field(arg, 'Gc') === true && gc) gc();
    const plugins: Record<string, unknown> = {};
    for (const [name, plugin] of this.plugins) {
      plugins[name] = {
        Name: name,
        Modtime: plugin.mtime,
        LoadTime: plugin.loadTime,
        Instances: [...this.instances.values()].filter((i) => i.plugin === plugin).map((i) => this.statusOf(i)),
        LastStartInstance: this.lastStart.get(name) ?? 0,
        LastCloseInstance: this.lastClose.get(name) ?? 0,
      };
    }
    return {
      Pid: process.pid,
      Plugins: plugins,
      Events: {
        Pending: this.events.size,
        Started: this.counters.started,
        Returned: this.counters.returned,
        Exited: this.counters.exited,
        Abandoned: this.counters.abandoned,
      },
      Memory: process.memoryUsage(),
    };
  }

  private startInstance(cfg: unknown): unknown {
    const name = field(cfg, 'Name');
    const plugin = typeof name === 'string' ? this.plugins.get(name) : undefined;
    if (!plugin) throw new PluginServerError(`${String(name)} not initialized`);
    const rawConfig = field(cfg, 'Config');
    const config: unknown = typeof rawConfig === 'string' ? JSON.parse(rawConfig) : rawConfig;
    const id = this.nextInstanceId++;
    const now = Date.now();
    const instance: Instance = { id, plugin, config, object: new plugin.cls(config), startTime: now, lastUsed: now };
    this.instances.set(id, instance);
    this.lastStart.set(plugin.name, now / 1000);
    this.logger.info(`instance #${id} of ${plugin.name} started`);
    return { Name: plugin.name, Id: id, Config: config, StartTime: now / 1000 };
  }

  private instanceFor(iid: unknown): Instance {
    const instance = typeof iid === 'number' ? this.instances.get(iid) : undefined;
    // Kong restarts the instance only when the error starts with "no plugin instance".
    if (!instance) throw new PluginServerError(`${NO_PLUGIN_INSTANCE} #${String(iid)}`);
    return instance;
  }

  private statusOf(instance: Instance): InstanceStatus {
    return { Name: instance.plugin.name, Id: instance.id, Config: instance.config, StartTime: instance.startTime / 1000 };
  }

  private instanceStatus(iid: unknown): InstanceStatus {
    return this.statusOf(this.instanceFor(iid));
  }

  private closeInstance(iid: unknown): unknown {
    const instance = this.instanceFor(iid);
    this.instances.delete(instance.id);
    this.lastClose.set(instance.plugin.name, Date.now() / 1000);
    return { Name: instance.plugin.name, Id: instance.id, Config: instance.config };
  }

  private async handleEvent(arg: unknown): Promise<EventStep> {
    const instance = this.instanceFor(field(arg, 'InstanceId'));
    const phase = String(field(arg, 'EventName'));
    instance.lastUsed = Date.now();
    const event = new PluginEvent(this.nextEventId++, instance.id, phase);
    this.events.set(event.id, event);
    this.counters.started++;
    // Run the phase on a later turn so a busy plugin cannot starve socket I/O of this answer.
    setImmediate(() => void this.runPhase(instance, event));
    return this.forward(event);
  }

  private async runPhase(instance: Instance, event: PluginEvent): Promise<void> {
    try {
      const handler = instance.object[event.phase as keyof PluginInstanceObject];
      if (typeof handler !== 'function') throw new PluginServerError(`plugin has no ${event.phase} phase`);
      await handler.call(instance.object, event.kong);
    } catch (err) {
      this.logger.warn(`unhandled exception in ${instance.plugin.name}.${event.phase} on instance #${instance.id}: ${errorText(err)}`);
    }
    event.pluginReturned();
  }

  private async step(arg: unknown, isError: boolean): Promise<EventStep> {
    const eid = field(arg, 'EventId');
    const event = typeof eid === 'number' ? this.events.get(eid) : undefined;
    if (!event) throw new PluginServerError(`event id ${String(eid)} not found`);
    event.answer(field(arg, 'Data'), isError);
    return this.forward(event);
  }

  /** Hands the event's next message to Kong, dropping the event when Kong will not come back for it. */
  private async forward(event: PluginEvent): Promise<EventStep> {
    let message: Outgoing;
    try {
      message = await event.next();
    } catch (err) {
      this.events.delete(event.id);
      throw err;
    }
    const instance = this.instances.get(event.instanceId);
    if (instance) instance.lastUsed = Date.now();
    if (isFinal(message)) {
      this.events.delete(event.id);
      if (message === MSG_RET) this.counters.returned++;
      else this.counters.exited++;
    }
    return { EventId: event.id, Data: message };
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, instance] of this.instances) {
      if (now - instance.lastUsed > this.timings.instanceTtlMs) {
        this.logger.debug(`cleanup instance #${id} of ${instance.plugin.name}`);
        this.instances.delete(id);
      }
    }
    for (const [id, event] of this.events) {
      if (event.isAbandoned(this.timings.eventTtlMs)) {
        this.logger.warn(`event #${id} (${event.phase}) abandoned: Kong did not answer its PDK call`);
        event.abort(`event ${id} abandoned: Kong did not answer`);
        this.events.delete(id);
        this.counters.abandoned++;
      }
    }
  }
}

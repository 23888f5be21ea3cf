/**
 * The plugins of one request in Kong's order (priority, highest first), their instances in the
 * plugin server (one per plugin entity, started on first use), and the running of one phase over
 * all of them: a plugin that answered (`kong.response.exit`) ends the phase for the rest, as
 * Kong's `delay_response` does in access and `ngx.exit` does in response.
 * @see https://github.com/Kong/kong/blob/master/kong/init.lua (execute_collecting_plugins_iterator)
 */
import type { PluginEntity } from '../declarative/types';
import type { InstanceHandle, Phase, PluginInfo, PluginServerClient } from '../plugin-server/types';
import { gatewayError } from './pdk/response';
import { createPdkHandler } from './pdk/dispatch';
import type { PdkEnvironment } from './pdk/types';
import type { RequestContext } from './request-context';

export interface ChainLink {
  entity: PluginEntity;
  info: PluginInfo;
}

/** Orders the request's plugins by priority (highest first; equal priorities by name, for stability). */
export function orderPlugins(entities: readonly PluginEntity[], infos: ReadonlyMap<string, PluginInfo>): ChainLink[] {
  const links: ChainLink[] = [];
  for (const entity of entities) {
    const info = infos.get(entity.name);
    if (!info) throw new Error(`plugin '${entity.name}' is not served by the plugin server`);
    links.push({ entity, info });
  }
  return links.sort((a, b) => b.info.Priority - a.info.Priority || a.entity.name.localeCompare(b.entity.name));
}

export function hasPhase(link: ChainLink, phase: Phase): boolean {
  return link.info.Phases.includes(phase);
}

/** The workspace id Kong gives the default workspace's entities here (there is only one). */
const DEFAULT_WORKSPACE_ID = '';

/**
 * The config Kong hands to `plugin.StartInstance`: the entity's config plus Kong's bookkeeping —
 * `route_id` / `service_id` of the entity's scope, `plugin_instance_name`, `__plugin_id`, `__ws_id`,
 * the cache key `__key__` and a sequence number `__seq__`. Plugins see all of these under real Kong.
 * @see https://github.com/Kong/kong/blob/master/kong/runloop/plugins_iterator.lua (get_plugin_config)
 */
export function kongInstanceConfig(entity: PluginEntity, seq: number): Record<string, unknown> {
  const routeId = entity.scope.kind === 'route' ? entity.scope.routeId : undefined;
  const serviceId = entity.scope.kind === 'service' ? entity.scope.serviceId : undefined;
  return {
    ...entity.config,
    ...(routeId !== undefined ? { route_id: routeId } : {}),
    ...(serviceId !== undefined ? { service_id: serviceId } : {}),
    ...(entity.instance_name !== undefined ? { plugin_instance_name: entity.instance_name } : {}),
    __plugin_id: entity.id,
    __ws_id: DEFAULT_WORKSPACE_ID,
    __key__: `plugins:${entity.name}:${routeId ?? ''}:${serviceId ?? ''}::${DEFAULT_WORKSPACE_ID}`,
    __seq__: seq,
  };
}

/** One instance per plugin entity, started once (concurrent first requests share the start). */
export class PluginInstances {
  private readonly started = new Map<string, Promise<InstanceHandle>>();
  private seq = 0;

  constructor(private readonly client: PluginServerClient) {}

  get(entity: PluginEntity): Promise<InstanceHandle> {
    let instance = this.started.get(entity.id);
    if (!instance) {
      instance = this.client.startInstance(entity.name, kongInstanceConfig(entity, ++this.seq));
      this.started.set(entity.id, instance);
      // A failed start is retried by the next request, as Kong removes its claim.
      instance.catch(() => this.started.delete(entity.id));
    }
    return instance;
  }
}

export interface PhaseFailure {
  plugin: string;
  phase: Phase;
  error: unknown;
}

export interface ChainRunner {
  client: PluginServerClient;
  instances: PluginInstances;
  pdk: PdkEnvironment;
  /** Called once per failed phase run; the request is then answered with a 500. */
  onFailure(failure: PhaseFailure, ctx: RequestContext): void;
}

/**
 * Runs `phase` of every plugin of the chain that has it, in order, until one answers.
 * A plugin-server failure answers the request with Kong's 500 and stops the chain.
 */
export async function runChainPhase(runner: ChainRunner, chain: readonly ChainLink[], phase: Phase, ctx: RequestContext): Promise<void> {
  ctx.phase = phase;
  const pdk = createPdkHandler(ctx, runner.pdk);
  for (const link of chain) {
    if (!hasPhase(link, phase)) continue;
    if (ctx.exit && phase !== 'log') return;
    ctx.currentPlugin = link.entity.name;
    try {
      const instance = await runner.instances.get(link.entity);
      await runner.client.runPhase(instance, phase, pdk);
    } catch (error) {
      runner.onFailure({ plugin: link.entity.name, phase, error }, ctx);
      if (phase === 'log') continue;
      ctx.exit = gatewayError(ctx, 500);
      return;
    } finally {
      ctx.currentPlugin = undefined;
    }
  }
}

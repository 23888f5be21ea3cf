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

/** One instance per plugin entity, started once (concurrent first requests share the start). */
export class PluginInstances {
  private readonly started = new Map<string, Promise<InstanceHandle>>();

  constructor(private readonly client: PluginServerClient) {}

  get(entity: PluginEntity): Promise<InstanceHandle> {
    let instance = this.started.get(entity.id);
    if (!instance) {
      instance = this.client.startInstance(entity.name, entity.config);
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

/**
 * The plugins that run for a matched route: for each plugin name, the most specific enabled entry
 * (route beats service beats global), as Kong's plugins iterator picks them. Disabled entries do
 * not count at all, so a disabled route entry lets the service or global one apply.
 * @see kong/runloop/plugins_iterator.lua (lookup_cfg, get_plugin_config)
 */
import type { DeclarativeConfig, PluginEntity, PluginScope, RouteEntity, ServiceEntity } from './types';

/** 3 for the route, 2 for its service, 1 for global; 0 when the entry is for another route or service. */
function specificity(scope: PluginScope, route: RouteEntity, service: ServiceEntity): number {
  switch (scope.kind) {
    case 'route':
      return scope.routeId === route.id ? 3 : 0;
    case 'service':
      return scope.serviceId === service.id ? 2 : 0;
    case 'global':
      return 1;
  }
}

/** One entry per plugin name, in the file's order of the chosen entries. */
export function pluginsFor(config: DeclarativeConfig, route: RouteEntity, service: ServiceEntity): PluginEntity[] {
  const chosen = new Map<string, { plugin: PluginEntity; rank: number }>();
  for (const plugin of config.plugins) {
    if (!plugin.enabled) continue;
    const rank = specificity(plugin.scope, route, service);
    if (rank === 0) continue;
    const current = chosen.get(plugin.name);
    if (!current || rank > current.rank) chosen.set(plugin.name, { plugin, rank });
  }
  const picked = new Set([...chosen.values()].map((c) => c.plugin));
  return config.plugins.filter((p) => picked.has(p));
}

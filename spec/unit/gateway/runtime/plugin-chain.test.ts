import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginEntity } from '../../../../src/gateway/declarative/types';
import type { PluginInfo } from '../../../../src/gateway/plugin-server/types';
import { kongInstanceConfig, orderPlugins } from '../../../../src/gateway/runtime/plugin-chain';

function entity(name: string, scope: PluginEntity['scope'], extra: Partial<PluginEntity> = {}): PluginEntity {
  return { id: `${name}-id`, name, enabled: true, config: { a: 1 }, scope, source: 'plugins[0]', ...extra };
}

function info(name: string, priority: number): PluginInfo {
  return { Name: name, Priority: priority, Phases: ['access'], Schema: { name, fields: [] } };
}

test("StartInstance gets the config with Kong's bookkeeping keys", () => {
  assert.deepEqual(kongInstanceConfig(entity('p', { kind: 'route', routeId: 'r1' }, { instance_name: 'mine' }), 3), {
    a: 1,
    route_id: 'r1',
    plugin_instance_name: 'mine',
    __plugin_id: 'p-id',
    __ws_id: '',
    __key__: 'plugins:p:r1:::',
    __seq__: 3,
  });
  const onService = kongInstanceConfig(entity('p', { kind: 'service', serviceId: 's1' }), 1);
  assert.equal(onService.service_id, 's1');
  assert.equal(onService.route_id, undefined);
  const global = kongInstanceConfig(entity('p', { kind: 'global' }), 1);
  assert.equal(global.__key__, 'plugins:p::::');
});

test('plugins are ordered by priority, highest first; a plugin the server lacks is an error', () => {
  const infos = new Map([['low', info('low', 10)], ['high', info('high', 1000)], ['mid', info('mid', 500)]]);
  const ordered = orderPlugins([entity('low', { kind: 'global' }), entity('high', { kind: 'global' }), entity('mid', { kind: 'global' })], infos);
  assert.deepEqual(ordered.map((l) => l.entity.name), ['high', 'mid', 'low']);
  assert.throws(() => orderPlugins([entity('ghost', { kind: 'global' })], infos), /'ghost' is not served/);
});

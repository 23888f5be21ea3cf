import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadDeclarativeFile } from '../../../../src/gateway/declarative/load';
import { pluginsFor } from '../../../../src/gateway/declarative/plugins';
import { fixturePath } from '../../../helpers/paths';

describe('pluginsFor: route beats service beats global, enabled entries only', () => {
  const config = loadDeclarativeFile(fixturePath('gateway', 'declarative', 'precedence.kong.yml'), { env: {} });
  const levels = (routeName: string): Record<string, unknown> => {
    const route = config.routes.find((r) => r.name === routeName)!;
    const service = config.services.find((s) => s.id === route.service.id)!;
    return Object.fromEntries(pluginsFor(config, route, service).map((p) => [p.name, p.config.level ?? p.source]));
  };

  it('takes the route entry over the service and global ones', () => {
    assert.deepEqual(levels('with-route-plugin'), { tagger: 'route', 'service-only': 'services[0].plugins[1]', 'global-only': 'plugins[1]' });
  });

  it('skips a disabled route entry, so the service one applies', () => {
    assert.deepEqual(levels('with-disabled-route-plugin'), { tagger: 'service', 'service-only': 'services[0].plugins[1]', 'global-only': 'plugins[1]' });
  });

  it("falls back to the global entry, and ignores other services' plugins", () => {
    assert.deepEqual(levels('on-other'), { tagger: 'global', 'global-only': 'plugins[1]' });
  });

  it('gives one entry per plugin name', () => {
    const route = config.routes[0]!;
    const names = pluginsFor(config, route, config.services[0]!).map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
  });
});

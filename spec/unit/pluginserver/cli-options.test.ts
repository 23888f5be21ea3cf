import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from '../../../src/pluginserver/cli-options';

describe('plugin server command line (kong-js-pluginserver flags)', () => {
  it('takes Kong start_cmd / query_cmd lines as kong-pdk does', () => {
    assert.deepEqual(parseArgs(['-d', '/plugins', '--kong-prefix', '/kong']), {
      kind: 'run',
      options: { kongPrefix: '/kong', sockName: 'js_pluginserver.sock', pluginsDirectory: '/plugins', verbose: 0, dumpPluginInfo: undefined, dumpAllPlugins: false },
    });
    const dump = parseArgs(['-plugins-directory', '/p', '-dump-all-plugins']);
    assert.ok(dump.kind === 'run' && dump.options.dumpAllPlugins && dump.options.pluginsDirectory === '/p');
    const info = parseArgs(['--plugins-directory=/p', '--dump-plugin-info', 'x', '-vv', '--sock-name', 's.sock', '-p', '/pre']);
    assert.ok(info.kind === 'run');
    assert.deepEqual([info.options.dumpPluginInfo, info.options.verbose, info.options.sockName, info.options.kongPrefix], ['x', 2, 's.sock', '/pre']);
  });

  it('defaults the prefix to /usr/local/kong', () => {
    const parsed = parseArgs(['-d', '/p']);
    assert.ok(parsed.kind === 'run' && parsed.options.kongPrefix === '/usr/local/kong');
  });

  it('requires the plugins directory and refuses unknown flags', () => {
    assert.deepEqual(parseArgs([]).kind, 'error');
    assert.match((parseArgs(['-d', '/p', '--bogus']) as { message: string }).message, /unknown option '--bogus'/);
    assert.match((parseArgs(['-d']) as { message: string }).message, /argument missing/);
    assert.equal(parseArgs(['--help']).kind, 'help');
    assert.equal(parseArgs(['--version']).kind, 'version');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePluginDump } from '../../../src/gateway/plugin-server/process';

const info = { Name: 'p', Priority: 5, Version: '1', Phases: ['access', 'log'], Schema: { name: 'p', fields: [] } };

describe('parsePluginDump (Kong process.lua query_external_plugin_info)', () => {
  it('reads the JSON array the JS servers print', () => {
    assert.deepEqual(parsePluginDump(`${JSON.stringify([info])}\n`), [info]);
  });

  it('reads the {Protocol, Plugins} form too', () => {
    assert.deepEqual(parsePluginDump(JSON.stringify({ Protocol: 'MsgPack:1', Plugins: [info] })), [info]);
  });

  it('rejects another protocol, non-JSON, and infos Kong could not load', () => {
    assert.throws(() => parsePluginDump(JSON.stringify({ Protocol: 'ProtoBuf:1', Plugins: [info] })), /unknown protocol implementation: ProtoBuf:1/);
    assert.throws(() => parsePluginDump('server started'), /failed decoding plugin info/);
    assert.throws(() => parsePluginDump('42'), /not a plugin info table/);
    assert.throws(() => parsePluginDump(JSON.stringify([{ ...info, Priority: undefined }])), /#0 lacks/);
    assert.throws(() => parsePluginDump(JSON.stringify([{ ...info, Phases: ['header_filter'] }])), /#0 lacks/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stepMethodFor, toMultiMap, toWireResult } from '../../../src/gateway/plugin-server/step';

describe('stepMethodFor (Kong get_step_method)', () => {
  it('sends header and query maps with StepMultiMap', () => {
    for (const method of ['kong.request.get_headers', 'kong.request.get_query', 'kong.response.get_headers', 'kong.service.response.get_headers']) {
      assert.equal(stepMethodFor(method), 'plugin.StepMultiMap', method);
    }
  });

  it('sends entities with their typed steps', () => {
    assert.equal(stepMethodFor('kong.client.get_consumer'), 'plugin.StepConsumer');
    assert.equal(stepMethodFor('kong.client.load_consumer'), 'plugin.StepConsumer');
    assert.equal(stepMethodFor('kong.client.get_credential'), 'plugin.StepCredential');
    assert.equal(stepMethodFor('kong.client.authenticate'), 'plugin.StepCredential');
    assert.equal(stepMethodFor('kong.router.get_route'), 'plugin.StepRoute');
    assert.equal(stepMethodFor('kong.router.get_service'), 'plugin.StepService');
    assert.equal(stepMethodFor('kong.node.get_memory_stats'), 'plugin.StepMemoryStats');
  });

  it('sends everything else with Step', () => {
    assert.equal(stepMethodFor('kong.request.get_header'), 'plugin.Step');
    assert.equal(stepMethodFor('kong.request.get_raw_body'), 'plugin.Step');
  });
});

describe('toWireResult (Kong must_fix)', () => {
  it('turns single header values into lists, query flags into empty lists, keeps lists', () => {
    assert.deepEqual(toWireResult('kong.request.get_headers', { a: 'x', b: ['y', 'z'] }), { a: ['x'], b: ['y', 'z'] });
    assert.deepEqual(toWireResult('kong.request.get_query', { flag: true, q: 'v' }), { flag: [], q: ['v'] });
    assert.deepEqual(toMultiMap({}), {});
  });

  it('leaves a non-map alone (a PDK error surfaces elsewhere)', () => {
    assert.equal(toMultiMap(null), null);
    assert.deepEqual(toMultiMap(['a']), ['a']);
  });

  it('sends raw bodies as binary', () => {
    const wire = toWireResult('kong.service.response.get_raw_body', '{"a":1}');
    assert.ok(Buffer.isBuffer(wire));
    assert.equal((wire as Buffer).toString('utf8'), '{"a":1}');
    const bytes = new Uint8Array([1, 2, 3]);
    assert.equal(toWireResult('kong.request.get_raw_body', bytes), bytes);
  });

  it('passes other results through untouched', () => {
    const value = { a: 'x' };
    assert.equal(toWireResult('kong.request.get_uri_captures', value), value);
  });
});

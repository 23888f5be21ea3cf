import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answer, answerPrompt } from '../../../src/mock/echo';
import { argumentsFromSchema } from '../../../src/mock/tool-arguments';

describe('mock echo model', () => {
  it('echoes the last user message and counts words as tokens', () => {
    const a = answer({ promptTexts: ['be nice', 'hello big world'], last: { from: 'user', text: 'hello big world' }, tools: [] });
    assert.deepEqual(a, { kind: 'text', text: 'Echo: hello big world', finish: 'stop', usage: { prompt: 5, completion: 4, total: 9 } });
  });

  it('cuts to max tokens with finish length', () => {
    const a = answerPrompt('one two three four', 3);
    assert.equal(a.kind, 'text');
    assert.equal(a.kind === 'text' && a.text, 'Echo: one two');
    assert.equal(a.kind === 'text' && a.finish, 'length');
    assert.equal(a.usage.completion, 3);
  });

  it('stops before a stop sequence and reports it', () => {
    const a = answerPrompt('alpha beta STOP gamma', undefined, ['STOP']);
    assert.equal(a.kind === 'text' && a.text, 'Echo: alpha beta');
    assert.equal(a.kind === 'text' && a.stopSequence, 'STOP');
    assert.equal(a.kind === 'text' && a.finish, 'stop');
  });

  it('calls the first tool when the user speaks last and tool choice allows it', () => {
    const tools = [{ name: 'first', schema: { type: 'object', properties: { q: { type: 'string' } } } }, { name: 'second' }];
    const a = answer({ promptTexts: ['find cats'], last: { from: 'user', text: 'find cats' }, tools });
    assert.equal(a.kind, 'tool_call');
    assert.equal(a.kind === 'tool_call' && a.name, 'first');
    assert.deepEqual(a.kind === 'tool_call' && a.args, { q: 'find cats' });
    assert.equal(a.kind === 'tool_call' && a.argsJson, '{"q":"find cats"}');
    // Same request, same id.
    const again = answer({ promptTexts: ['find cats'], last: { from: 'user', text: 'find cats' }, tools });
    assert.equal(again.kind === 'tool_call' && again.id, a.kind === 'tool_call' && a.id);
  });

  it('calls the named tool of a specific tool choice, and none with tool choice none', () => {
    const tools = [{ name: 'first' }, { name: 'second' }];
    const named = answer({ promptTexts: ['x'], last: { from: 'user', text: 'x' }, tools, toolChoice: { name: 'second' } });
    assert.equal(named.kind === 'tool_call' && named.name, 'second');
    const none = answer({ promptTexts: ['x'], last: { from: 'user', text: 'x' }, tools, toolChoice: 'none' });
    assert.equal(none.kind, 'text');
  });

  it('answers a tool result with text even when tools are offered', () => {
    const a = answer({ promptTexts: ['q', 'sunny'], last: { from: 'tool', text: 'sunny' }, tools: [{ name: 'first' }] });
    assert.equal(a.kind === 'text' && a.text, 'Tool said: sunny');
  });
});

describe('argumentsFromSchema', () => {
  it('fills every property by type, enum and const', () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer' },
        exact: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        where: { type: 'object', properties: { lat: { type: 'number' } } },
        kind: { const: 'weather' },
        maybe: { type: ['null', 'string'] },
      },
    };
    assert.deepEqual(argumentsFromSchema(schema, 'rain in Oslo'), {
      city: 'rain in Oslo',
      unit: 'celsius',
      days: 3,
      exact: true,
      tags: ['rain in Oslo'],
      where: { lat: 3 },
      kind: 'weather',
      maybe: 'rain in Oslo',
    });
  });

  it('reads Gemini upper-case types and gives {} without properties', () => {
    assert.deepEqual(argumentsFromSchema({ type: 'OBJECT', properties: { n: { type: 'INTEGER' } } }, 'a b'), { n: 2 });
    assert.deepEqual(argumentsFromSchema(undefined, 'a'), {});
    assert.deepEqual(argumentsFromSchema({ type: 'object' }, 'a'), {});
  });
});

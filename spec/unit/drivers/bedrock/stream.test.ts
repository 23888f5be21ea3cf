import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bedrockDriver } from '../../../../src/llm/drivers/bedrock';
import { LlmError } from '../../../../src/llm/errors';
import { decodeStream } from '../../../../src/llm/stream/decoders';
import { driverContext, everyByte, fixture, fixtureBytes, randomCuts, replayStream } from '../../../helpers/drivers';
import { encodeEvent, encodeEvents, streamFixture } from './events';

const ctx = () => driverContext('bedrock', 'llm/v1/chat', { name: 'anthropic.claude-3-haiku-20240307-v1:0', options: { bedrock: { aws_region: 'us-east-1' } }, stream: true });

for (const name of ['stream-text', 'stream-tool-use', 'stream-exception']) {
  describe(`bedrock stream ${name}`, () => {
    // `<name>.stream.txt` holds the binary stream (the robustness tests replay it too); it must be `<name>.events.json` encoded.
    const bytes = fixtureBytes('bedrock', `${name}.stream.txt`);
    const expected = fixture('bedrock', `${name}.chunks.json`);
    it('the binary fixture is its event list, encoded', () => assert.deepEqual(Buffer.from(bytes), Buffer.from(streamFixture(name))));
    it('whole', () => assert.deepEqual(replayStream(bedrockDriver, ctx(), bytes), expected));
    it('split at every byte', () => assert.deepEqual(replayStream(bedrockDriver, ctx(), bytes, everyByte(bytes.length)), expected));
    it('split at seeded random offsets', () => {
      for (let seed = 1; seed <= 20; seed++) assert.deepEqual(replayStream(bedrockDriver, ctx(), bytes, randomCuts(bytes.length, 1 + (seed % 7) * 5, seed)), expected, `seed ${seed}`);
    });
  });
}

describe('aws-eventstream framing', () => {
  it('gives :event-type as event and the payload text as data', () => {
    const { events, truncated } = decodeStream('aws-eventstream', encodeEvents([{ type: 'messageStart', payload: { role: 'assistant' } }]));
    assert.deepEqual(events, [{ event: 'messageStart', data: '{"role":"assistant"}' }]);
    assert.equal(truncated, false);
  });

  it('reports a stream cut inside a message as truncated', () => {
    const whole = encodeEvent({ type: 'messageStop', payload: { stopReason: 'end_turn' } });
    const { events, truncated } = decodeStream('aws-eventstream', whole.subarray(0, whole.length - 3));
    assert.deepEqual(events, []);
    assert.equal(truncated, true);
  });

  it('a corrupt message (CRC mismatch) or an impossible length is a 502', () => {
    const bad = encodeEvent({ type: 'messageStop', payload: { stopReason: 'end_turn' } });
    bad[bad.length - 6] ^= 0xff;
    assert.throws(() => decodeStream('aws-eventstream', bad), (err: unknown) => err instanceof LlmError && err.status === 502 && /malformed AWS event stream/.test(err.message));
    assert.throws(() => decodeStream('aws-eventstream', 'data: {"not":"binary"}\n\n'), (err: unknown) => err instanceof LlmError && err.status === 502);
  });

  it('a stream that stops before metadata is not done', () => {
    const replay = replayStream(bedrockDriver, ctx(), encodeEvents([{ type: 'messageStart', payload: { role: 'assistant' } }]));
    assert.equal(replay.done, false);
  });
});

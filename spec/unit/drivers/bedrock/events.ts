/**
 * The Bedrock stream fixtures are event lists (`<case>.events.json`), encoded here into the AWS
 * binary event stream with the vendor's codec, as ConverseStream sends it.
 */
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { fixture } from '../../../helpers/drivers';

/** An event (`type`) or an exception (`exception`) with its JSON payload. */
export type FixtureEvent = { type: string; payload: unknown } | { exception: string; payload: unknown };

const codec = new EventStreamCodec(toUtf8, fromUtf8);

export function encodeEvent(event: FixtureEvent): Uint8Array {
  const headers: MessageHeaders =
    'exception' in event
      ? {
          ':exception-type': { type: 'string' as const, value: event.exception },
          ':content-type': { type: 'string' as const, value: 'application/json' },
          ':message-type': { type: 'string' as const, value: 'exception' },
        }
      : {
          ':event-type': { type: 'string' as const, value: event.type },
          ':content-type': { type: 'string' as const, value: 'application/json' },
          ':message-type': { type: 'string' as const, value: 'event' },
        };
  return codec.encode({ headers, body: fromUtf8(JSON.stringify(event.payload)) });
}

export function encodeEvents(events: readonly FixtureEvent[]): Uint8Array {
  return Buffer.concat(events.map(encodeEvent));
}

/** `spec/fixtures/drivers/bedrock/<name>.events.json`, encoded. */
export function streamFixture(name: string): Uint8Array {
  return encodeEvents(fixture<FixtureEvent[]>('bedrock', `${name}.events.json`));
}

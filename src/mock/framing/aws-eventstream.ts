import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/**
 * AWS event stream framing (`application/vnd.amazon.eventstream`), as Bedrock's ConverseStream
 * sends it: one binary message per event, headers `:event-type`, `:content-type`, `:message-type`.
 * @see https://docs.aws.amazon.com/transcribe/latest/dg/event-stream.html
 */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

export interface AwsEvent {
  type: string;
  payload: unknown;
}

export function awsEventPart(ev: AwsEvent): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: ev.type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify(ev.payload)),
  });
}

export function awsEventParts(events: readonly AwsEvent[]): Uint8Array[] {
  return events.map(awsEventPart);
}

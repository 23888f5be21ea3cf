import { LlmError } from '../../errors';
import { isRecord } from '../../is-record';
import type { DriverContext } from '../types';

/**
 * A stream event's data as a JSON object, or undefined when it is not JSON or not an object
 * (OpenAI-compatible SSE chunks, Hugging Face's TGI events and Ollama's JSON lines are all objects).
 */
export function parseEventObject(data: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  return isRecord(parsed) ? parsed : undefined;
}

/** The 502 for an event the provider's stream should not contain. */
export function malformedEvent(ctx: DriverContext): LlmError {
  return new LlmError(502, `malformed event in the ${ctx.model.provider} stream`);
}

/**
 * text/event-stream framing: one part per event.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export interface SseEvent {
  event?: string;
  /** An object is JSON-encoded; a string (e.g. `[DONE]`) is sent as it is. */
  data: unknown;
}

export function ssePart(ev: SseEvent, lineEnd = '\n'): string {
  const data = typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data);
  const head = ev.event !== undefined ? `event: ${ev.event}${lineEnd}` : '';
  return `${head}data: ${data}${lineEnd}${lineEnd}`;
}

export function sseParts(events: readonly SseEvent[], lineEnd = '\n'): string[] {
  return events.map((ev) => ssePart(ev, lineEnd));
}

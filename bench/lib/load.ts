/**
 * A closed-loop load generator: `concurrency` workers, each sending its next request as soon as
 * the previous answer is read whole, until `count` requests are done or `maxMs` has passed.
 * undici's `request` over one Agent per run (keep-alive, one connection per worker).
 */
import { Agent, request } from 'undici';
import { msSince, summarize, type LatencySummary } from './stats';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  /** The request body, or a body per request index (for mixed loads). */
  body: string | ((index: number) => string);
  concurrency: number;
  count: number;
  /** Stops issuing new requests after this long (the run is then reported as cut short). */
  maxMs: number;
  /** Whether an answer is the expected one (status and body); others count as errors. */
  accept: (status: number, body: string, index: number) => boolean;
}

export interface LoadResult {
  completed: number;
  errors: number;
  /** The first unexpected answer, for the error message. */
  firstError?: string;
  elapsedMs: number;
  requestsPerSec: number;
  latency: LatencySummary;
  cutShort: boolean;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ connections: spec.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  let issued = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  let cutShort = false;
  const start = process.hrtime.bigint();
  const deadline = Date.now() + spec.maxMs;

  const worker = async (): Promise<void> => {
    while (issued < spec.count) {
      if (Date.now() > deadline) {
        cutShort = true;
        return;
      }
      const index = issued++;
      const body = typeof spec.body === 'string' ? spec.body : spec.body(index);
      const sent = process.hrtime.bigint();
      try {
        const res = await request(spec.url, { method: 'POST', headers: spec.headers, body, dispatcher: agent });
        const text = await res.body.text();
        latencies.push(msSince(sent));
        if (!spec.accept(res.statusCode, text, index)) {
          errors++;
          firstError ??= `${res.statusCode} ${text.slice(0, 300)}`;
        }
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
      completed++;
    }
  };

  try {
    await Promise.all(Array.from({ length: spec.concurrency }, worker));
  } finally {
    await agent.close();
  }
  const elapsedMs = msSince(start);
  return { completed, errors, firstError, elapsedMs, requestsPerSec: (completed / elapsedMs) * 1000, latency: summarize(latencies), cutShort };
}

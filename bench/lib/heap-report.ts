/** The reading side of heap-report-preload.ts: ask a process for its heap after gc, wait for the answer. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The environment variable naming the directory reports go to. */
export const HEAP_REPORT_DIR_ENV = 'BENCH_HEAP_REPORT_DIR';

export interface HeapReport {
  pid: number;
  /** Whether a full gc ran first. */
  collected: boolean;
  heapUsed: number;
  heapTotal: number;
  rss: number;
  /** The request's sequence number, echoed from `heap.<pid>.request` so a stale report is never read. */
  request: string;
}

export function heapReportPath(dir: string, pid: number): string {
  return path.join(dir, `heap.${pid}.json`);
}

export function heapRequestPath(dir: string, pid: number): string {
  return path.join(dir, `heap.${pid}.request`);
}


/** `NODE_OPTIONS` flags that make a Node child report its heap on SIGUSR2 (with `BENCH_HEAP_REPORT_DIR` set). */
export function heapReportNodeOptions(): string {
  return `--expose-gc --require ${path.join(__dirname, 'heap-report-preload.js')}`;
}

export function makeHeapReportDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bench-heap-'));
}

let sequence = 0;

export async function requestHeapReport(dir: string, pid: number, timeoutMs = 10_000): Promise<HeapReport> {
  const request = String(++sequence);
  fs.writeFileSync(heapRequestPath(dir, pid), request);
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const report = JSON.parse(fs.readFileSync(heapReportPath(dir, pid), 'utf8')) as HeapReport;
      if (report.request === request) return report;
    } catch {
      // Not written yet.
    }
    if (Date.now() > deadline) throw new Error(`process ${pid} did not report its heap within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

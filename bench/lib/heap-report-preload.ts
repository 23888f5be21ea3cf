/**
 * Preloaded (`node --require`) into the plugin-server processes by bench/memory.ts, so both servers'
 * heaps are read the same way — kong-pdk's `GetStatus` reports no memory. On SIGUSR2 it collects
 * garbage (when `--expose-gc` is on) and writes `process.memoryUsage()` to
 * `$BENCH_HEAP_REPORT_DIR/heap.<pid>.json`. Without that variable it does nothing.
 */
import fs from 'node:fs';
import { HEAP_REPORT_DIR_ENV, heapReportPath, heapRequestPath, type HeapReport } from './heap-report';

const dir = process.env[HEAP_REPORT_DIR_ENV];
if (dir) {
  process.on('SIGUSR2', () => {
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const memory = process.memoryUsage();
    let request = '';
    try {
      request = fs.readFileSync(heapRequestPath(dir, process.pid), 'utf8');
    } catch {
      // No request file: the report carries an empty sequence number, which no reader waits for.
    }
    const report: HeapReport = { pid: process.pid, collected: collect !== undefined, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, rss: memory.rss, request };
    const file = heapReportPath(dir, process.pid);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(report));
    fs.renameSync(`${file}.tmp`, file);
  });
}

/**
 * CPU time spent, per process: this one (`process.cpuUsage`) and another by pid (Linux
 * `/proc/<pid>/stat`). CPU time per request holds up on a busy machine far better than latency,
 * which also counts the time spent waiting for a core.
 */
import fs from 'node:fs';

/** Linux reports utime/stime in USER_HZ ticks, 100 per second on every architecture Node runs on. */
const USER_HZ = 100;

/** User + system CPU milliseconds of process `pid` so far, or undefined when it cannot be read. */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces), "(...)"; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / USER_HZ;
}

/** User + system CPU milliseconds of this process so far. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Reads both counters at the start; `stop()` gives the CPU ms each spent since. */
export function cpuMeter(otherPid: number | undefined): { stop(): { own: number; other: number | undefined } } {
  const ownStart = ownCpuMs();
  const otherStart = otherPid === undefined ? undefined : processCpuMs(otherPid);
  return {
    stop() {
      const own = ownCpuMs() - ownStart;
      const otherEnd = otherPid === undefined ? undefined : processCpuMs(otherPid);
      return { own, other: otherStart === undefined || otherEnd === undefined ? undefined : otherEnd - otherStart };
    },
  };
}

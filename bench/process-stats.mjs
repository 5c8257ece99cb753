// Memory and CPU readings of a child process from Linux's /proc.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = readClockTicks();

function readClockTicks() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** Reads a `kB` field of /proc/<pid>/status (VmHWM, VmRSS) in bytes. */
export function readStatusBytes(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (match === null) throw new Error(`/proc/${pid}/status has no ${field} line`);
  return Number(match[1]) * 1024;
}

/**
 * Resets the process's peak resident set size (VmHWM) to its current size, so that the next
 * reading covers only what follows. Writing "5" to clear_refs does this since Linux 4.0 (proc(5)).
 * Returns false when the kernel refuses, in which case VmHWM keeps the lifetime peak.
 */
export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Returns the CPU seconds (user plus system) that the process has used so far. */
export function readCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name in brackets may contain spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, so 11 and 12 after the name.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Measures one phase of a process: its peak RSS (VmHWM after a reset, or the lifetime peak
 * when the reset is refused) and its CPU use. Call `finish()` when the phase ends.
 */
export function startPhase(pid) {
  const peakWasReset = resetPeakRss(pid);
  const cpuAtStart = readCpuSeconds(pid);
  const startedAt = process.hrtime.bigint();
  return {
    finish() {
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      return {
        peakRssBytes: readStatusBytes(pid, 'VmHWM'),
        peakRssScope: peakWasReset ? 'phase' : 'process lifetime',
        rssBytes: readStatusBytes(pid, 'VmRSS'),
        // Where the current RSS is: anonymous memory (heaps), mapped files, shared memory.
        rssAnonBytes: readStatusBytes(pid, 'RssAnon'),
        rssFileBytes: readStatusBytes(pid, 'RssFile'),
        rssShmemBytes: readStatusBytes(pid, 'RssShmem'),
        cpuPercent: ((readCpuSeconds(pid) - cpuAtStart) / seconds) * 100,
      };
    },
  };
}

/** Measures this process's own CPU use over a phase, as a percentage of one core. */
export function startOwnCpuPhase() {
  const cpuAtStart = process.cpuUsage();
  const startedAt = process.hrtime.bigint();
  return {
    finish() {
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const used = process.cpuUsage(cpuAtStart);
      return ((used.user + used.system) / 1e6 / seconds) * 100;
    },
  };
}

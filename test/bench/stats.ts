// Small numeric helpers: medians and percentiles over repetitions, a monotonic clock, polling.
import { readFileSync, statSync } from 'node:fs';

export function nowMs(): number {
  return performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * Poll `check` every `intervalMs` until it returns a value (not undefined); returns the value
 * and the time it was seen. Throws after `timeoutMs` with `what` in the message.
 */
export async function pollUntil<T>(
  check: () => T | undefined,
  what: string,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<{ value: T; at: number }> {
  const deadline = nowMs() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const value = check();
    if (value !== undefined) return { value, at: nowMs() };
    if (nowMs() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(options.intervalMs ?? 3);
  }
}

/** Whether a record the wrapper writes in one write (pid.json, exit.json) is there, not just created. */
export function hasRecord(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

/**
 * When the record `file` was written, on the nowMs() clock: its ctime, which the write sets.
 * Lets a waiter poll slowly: polling every millisecond took CPU from the step it was timing,
 * on a machine whose two cores the step already fills.
 */
export function writtenAtMs(file: string): number {
  return statSync(file).ctimeMs - performance.timeOrigin;
}

/** Peak resident set (VmHWM) and current resident set (VmRSS) of a process, in MB. */
export function memoryMb(pid: number): { peak: number; current: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
    return { peak: field('VmHWM'), current: field('VmRSS') };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the state field.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

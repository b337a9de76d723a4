// Process identity on Linux: a pid alone is reused, so a process is (pid, start time, boot id).
// Start time is field 22 of /proc/PID/stat, counted after the last ")" because the command
// name (field 2) may itself contain spaces and parentheses.
import { readFileSync } from 'node:fs';

let cachedBootId: string | undefined;

/** The kernel's boot id; changes on every reboot. "unknown" where /proc lacks it. */
export function bootId(): string {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = 'unknown';
    }
  }
  return cachedBootId;
}

/** Parse field 22 (starttime) of a /proc/PID/stat line; null when malformed. */
export function parseStartTime(statLine: string): string | null {
  const close = statLine.lastIndexOf(')');
  if (close < 0) return null;
  // Fields after ")" start at field 3 (state); starttime is field 22 → index 19 here.
  const fields = statLine.slice(close + 2).split(' ');
  const value = fields[19];
  return value !== undefined && /^[0-9]+$/.test(value) ? value : null;
}

/** Start time of a live pid, or null when there is no such process. */
export function processStartTime(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    return parseStartTime(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Whether the process (pid, start time) recorded earlier on this boot is still the one running. */
export function isSameProcessAlive(pid: number, pidStart: string, recordedBootId: string): boolean {
  if (recordedBootId !== bootId()) return false;
  const start = processStartTime(pid);
  if (start === null || start !== pidStart) return false;
  // A zombie still has a stat line; it is not running anything.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

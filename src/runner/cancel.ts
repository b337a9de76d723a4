// Cancel escalation: SIGINT, then SIGTERM, then SIGKILL to the process group of the step's
// command (never to the wrapper, which must live on to write exit.json), each after a grace
// period if the attempt is still running. The session journals each signal via onSignal. On
// hosts, cancel-remote.ts.
import { isSameProcessAlive, processStartTime } from '../sys/proc.js';
import { cancelRemoteAttempt } from './cancel-remote.js';
import { inspectAttempt } from './inspect.js';
import { readPidRecord, type WrapperPidRecord } from './records.js';
import { isRemoteAttempt } from './remote-start.js';

export type CancelSignal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';
const ESCALATION: readonly CancelSignal[] = ['SIGINT', 'SIGTERM', 'SIGKILL'];

export interface CancelOptions {
  /** Wait between signals (default 5000 ms). */
  graceMs?: number;
  /** Called right after each signal is sent; on hosts, with the host and the time it was sent there. */
  onSignal?: (signal: CancelSignal, where?: { host: string; at: string }) => void;
  /** After SIGKILL, how long to wait for the wrapper's exit record (default 5000 ms). */
  settleMs?: number;
  /**
   * Stops waiting (the session is closing). On hosts the cancel stays asked for: the follower
   * delivers it whoever waits.
   */
  signal?: AbortSignal;
}

/** 'exited': it ended after SIGINT or SIGTERM (or was not running); 'killed': SIGKILL was needed. */
export async function cancelAttempt(
  attemptDir: string,
  opts: CancelOptions = {},
): Promise<'exited' | 'killed'> {
  if (isRemoteAttempt(attemptDir)) return cancelRemoteAttempt(attemptDir, opts);
  const graceMs = opts.graceMs ?? 5000;
  for (const signal of ESCALATION) {
    if (!isRunning(attemptDir)) return 'exited';
    const pid = readPidRecord(attemptDir);
    if (!pid || !signalGroup(pid, signal)) return 'exited';
    opts.onSignal?.(signal);
    const wait = signal === 'SIGKILL' ? (opts.settleMs ?? 5000) : graceMs;
    if (await stopsWithin(attemptDir, wait)) return signal === 'SIGKILL' ? 'killed' : 'exited';
  }
  return 'killed';
}

function isRunning(attemptDir: string): boolean {
  return inspectAttempt(attemptDir).state === 'running';
}

/**
 * Signal the command's process group when it is provably still ours: the wrapper is alive (it
 * has not reaped the leader, so the group id cannot be reused) or the leader has the recorded
 * start time. Returns whether a signal was sent.
 */
function signalGroup(pid: WrapperPidRecord, signal: CancelSignal): boolean {
  if (pid.pgid <= 1) return false;
  const wrapperAlive = isSameProcessAlive(pid.pid, pid.pidStart, pid.bootId);
  const leaderOurs = pid.pgidStart !== '' && processStartTime(pid.pgid) === pid.pgidStart;
  if (!wrapperAlive && !leaderOurs) return false;
  try {
    process.kill(-pid.pgid, signal);
    return true;
  } catch {
    return false;
  }
}

async function stopsWithin(attemptDir: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (let delay = 10; ; delay = Math.min(delay * 2, 100)) {
    if (!isRunning(attemptDir)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(1, deadline - Date.now()))));
  }
}

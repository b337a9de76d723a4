// What became of an attempt, from its files and the kernel alone (the cockpit that started it
// may be long gone): exit.json → exited; the wrapper or the command's process group leader
// alive with the same start time and boot id, or the step lock still held → running; a
// pid.json and none of these → vanished (outcome unknown: the operator decides). A reused pid
// never counts as alive. A multi-host attempt whose follower is gone is not vanished: its
// commands run on the hosts by themselves, and a new follower picks them up (needsFollower).
import path from 'node:path';
import { isSameProcessAlive } from '../sys/proc.js';
import {
  type ExitRecord,
  type HostExitRecord,
  isStepLockHeld,
  readAttemptExit,
  readHostExits,
  readPidRecord,
  type WrapperPidRecord,
} from './records.js';
import { isRemoteAttempt, refollowAttempt } from './remote-start.js';
import { restfulWatch } from './rest-watch.js';

export type AttemptInspection =
  | { state: 'not-started' }
  | {
      state: 'running';
      pid: WrapperPidRecord | null;
      hosts?: Record<string, HostExitRecord>;
      /** A multi-host attempt whose follower is gone: refollowAttempt starts another. */
      needsFollower?: true;
    }
  | { state: 'exited'; exit: ExitRecord & { unknown?: string }; hosts?: Record<string, HostExitRecord> }
  | { state: 'vanished'; reason: string; pid: WrapperPidRecord | null };

export function inspectAttempt(attemptDir: string): AttemptInspection {
  const exit = readAttemptExit(attemptDir);
  const hosts = readHostExits(attemptDir);
  const withHosts = hosts === undefined ? {} : { hosts };
  if (exit) return { state: 'exited', exit, ...withHosts };
  const pid = readPidRecord(attemptDir);
  if (pid && (isAlive(pid.pid, pid.pidStart, pid.bootId) || isAlive(pid.pgid, pid.pgidStart, pid.bootId)))
    return { state: 'running', pid, ...withHosts };
  if (pid && isRemoteAttempt(attemptDir)) {
    const late = readAttemptExit(attemptDir);
    if (late) return { state: 'exited', exit: late, ...withHosts };
    return { state: 'running', pid, ...withHosts, needsFollower: true };
  }
  // The lock outlives the wrapper while the command (which holds it) still runs.
  if (isStepLockHeld(attemptDir)) {
    // The wrapper may have written exit.json between our reads.
    const late = readAttemptExit(attemptDir);
    if (late) return { state: 'exited', exit: late, ...withHosts };
    return { state: 'running', pid, ...withHosts };
  }
  const late = readAttemptExit(attemptDir);
  if (late) return { state: 'exited', exit: late, ...withHosts };
  if (!pid) return { state: 'not-started' };
  return { state: 'vanished', reason: vanishedReason(pid), pid };
}

/** The same process (pid, start time, boot) still alive; a pid of 0 (not recorded) never is. */
function isAlive(pid: number, start: string, boot: string): boolean {
  return pid > 0 && start !== '' && isSameProcessAlive(pid, start, boot);
}

function vanishedReason(pid: WrapperPidRecord): string {
  return `the step's process (pid ${pid.pid}, started ${pid.startedAt || 'at an unknown time'}) is gone and left no exit record`;
}

/** New followers one wait starts at most. */
const MAX_REFOLLOWS = 5;

export interface WaitOptions {
  signal?: AbortSignal;
  /** Polling interval besides fs.watch (default 250 ms). */
  pollMs?: number;
}

/**
 * Resolves with the exit record, or {vanished} when the process is gone without one; rejects
 * with the signal's reason when aborted. A multi-host attempt whose follower is gone gets a new
 * one (refollowAttempt). fs.watch on the directory plus polling (watch events
 * are lost on some file systems).
 */
export function waitForExit(
  attemptDir: string,
  opts: WaitOptions = {},
): Promise<(ExitRecord & { unknown?: string }) | { vanished: string }> {
  return new Promise((resolve, reject) => {
    let done = false;
    let unwatch: (() => void) | null = null;
    let timer: NodeJS.Timeout | null = null;
    const finish = (action: () => void) => {
      if (done) return;
      done = true;
      unwatch?.();
      if (timer) clearInterval(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      action();
    };
    const onAbort = () => finish(() => reject(opts.signal?.reason ?? new Error('aborted')));
    let refollowing = false;
    let refollows = 0;
    const check = () => {
      if (done || refollowing) return;
      const seen = inspectAttempt(attemptDir);
      if (seen.state === 'exited') finish(() => resolve(seen.exit));
      else if (seen.state === 'vanished') finish(() => resolve({ vanished: seen.reason }));
      else if (seen.state === 'running' && seen.needsFollower) {
        // A follower that keeps dying is not retried for ever: the operator decides.
        if (++refollows > MAX_REFOLLOWS) {
          finish(() => resolve({ vanished: 'its follower on the bastion keeps stopping' }));
          return;
        }
        refollowing = true;
        refollowAttempt(attemptDir)
          .catch(() => undefined)
          .finally(() => {
            refollowing = false;
          });
      }
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort);
    unwatch = restfulWatch(path.resolve(attemptDir), check);
    timer = setInterval(check, opts.pollMs ?? 250);
    check();
  });
}

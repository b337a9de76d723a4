// What became of an attempt whose start was announced but never confirmed: the session that
// started it died (or gave up waiting) between deciding to start and recording the process.
// The answer must never be a guess: "never started" only when it provably cannot run, because
// this process claimed the attempt directory (step.lock, O_EXCL) before any wrapper did.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { bootId } from '../sys/proc.js';
import { ATTEMPT_FILES, readPidRecord, type WrapperPidRecord } from './records.js';

export type StartSettlement =
  | { state: 'started'; pid: WrapperPidRecord }
  | { state: 'never-started'; reason: string }
  | { state: 'unknown'; reason: string };

export interface SettleOptions {
  /** Boot id when the start was announced. */
  announcedBoot: string;
  /** How long a wrapper that claimed the attempt gets to record pid.json (default 10 s). */
  waitMs?: number;
}

export async function settleAttemptStart(attemptDir: string, opts: SettleOptions): Promise<StartSettlement> {
  const dir = path.resolve(attemptDir);
  const recorded = readPidRecord(dir);
  if (recorded) return { state: 'started', pid: recorded };
  if (opts.announcedBoot !== bootId()) {
    // Files written just before a crash of the machine may be lost: absence proves nothing.
    return { state: 'unknown', reason: 'the machine restarted while the step was being started' };
  }
  if (claim(dir)) {
    return { state: 'never-started', reason: 'its session ended before the command started; it never ran' };
  }
  // A wrapper claimed it first; it writes pid.json milliseconds later unless it died meanwhile.
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  for (let delay = 5; Date.now() < deadline; delay = Math.min(delay * 2, 100)) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    const late = readPidRecord(dir);
    if (late) return { state: 'started', pid: late };
  }
  return { state: 'unknown', reason: 'its wrapper claimed the attempt but never recorded the process' };
}

/** Create step.lock exclusively: true when this process got there first (no wrapper ever will). */
function claim(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    closeSync(openSync(path.join(dir, ATTEMPT_FILES.lock), 'wx', 0o600));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

// The runs in a state directory: names, existence, the start screen's list. Read-only.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { glanceRunState } from './glance.js';
import { lastRecordSeq } from './journal.js';
import { type LockInfo, readLock } from './lock.js';
import { journalPath, RUN_NAME_PATTERN, runDir } from './paths.js';
import { cachedProgress, runProgress } from './snapshot.js';

export function checkRunName(run: string): void {
  if (!RUN_NAME_PATTERN.test(run)) {
    throw new UserError(
      `run name "${run}" must be letters, digits, ".", "_" or "-" (at most 64, e.g. v2.0.0)`,
    );
  }
}

export function runDirFor(stateDir: string, planId: string, run: string): string {
  checkRunName(run);
  return runDir(stateDir, planId, run);
}

/** A run exists once its journal holds at least one record. */
export function runExists(stateDir: string, planId: string, run: string): boolean {
  try {
    return fs.statSync(journalPath(runDirFor(stateDir, planId, run))).size > 0;
  } catch {
    return false;
  }
}

export function noSuchRun(stateDir: string, planId: string, run: string): UserError {
  const runs = listRunNames(stateDir, planId);
  const known = runs.length
    ? ` (runs of ${planId}: ${runs.join(', ')})`
    : ` (no runs of ${planId} in ${stateDir})`;
  return new UserError(`no run "${run}" of plan ${planId}${known}`);
}

export function listRunNames(stateDir: string, planId: string): string[] {
  try {
    return fs
      .readdirSync(path.join(stateDir, 'runs', planId))
      .filter((name) => runExists(stateDir, planId, name))
      .sort();
  } catch {
    return [];
  }
}

export function readLockOrNull(dir: string): LockInfo | null {
  const lock = readLock(dir);
  return lock === 'unreadable' ? null : lock;
}

export interface RunSummary {
  planId: string;
  run: string;
  dir: string;
  progress: { done: number; total: number };
  lastEventAt: string;
  createdAt: string;
  lockHolder: LockInfo | null;
  /** Set when the run cannot be read (damaged journal); the rest is then partial. */
  error?: string;
}

/**
 * Every run under the state directory, newest activity first (for the start screen). A run
 * whose snapshot is current is listed from it; any other from its checkpoint and the lines
 * after it (glance.ts), or read and folded in full when it has none.
 */
export function listRuns(stateDir: string): RunSummary[] {
  const summaries: RunSummary[] = [];
  let planIds: string[];
  try {
    planIds = fs.readdirSync(path.join(stateDir, 'runs'));
  } catch {
    return summaries;
  }
  for (const planId of planIds) {
    for (const run of listRunNames(stateDir, planId)) {
      const dir = runDir(stateDir, planId, run);
      const base = { planId, run, dir, lockHolder: readLockOrNull(dir) };
      // The snapshot's summary when it is as new as the journal: no journal read at all.
      const cached = cachedProgress(dir, lastRecordSeq(journalPath(dir)));
      if (cached) {
        summaries.push({ ...base, ...cached });
        continue;
      }
      try {
        summaries.push({ ...base, ...runProgress(glanceRunState(dir)) });
      } catch (error) {
        summaries.push({
          ...base,
          progress: { done: 0, total: 0 },
          lastEventAt: '',
          createdAt: '',
          error: (error as Error).message,
        });
      }
    }
  }
  return summaries.sort((a, b) => b.lastEventAt.localeCompare(a.lastEventAt));
}

// A run read for a report or a status line: verified, never repaired, never locked, no conf
// (so `status` stays cheap). Running steps are checked against their attempt's exit record
// and process, without writing anything: status and report see the truth.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { listSteps } from '../plan/outline.js';
import { isSameProcessAlive } from '../sys/proc.js';
import type { JournalRecord } from './events.js';
import { loadJournal, type TornTail } from './journal.js';
import { type LockInfo, readLock } from './lock.js';
import { attemptDir, type ExitRecord, journalPath } from './paths.js';
import { type PlanReconciliation, reconcilePlan } from './reconcile.js';
import { reduce, withStepIds } from './reducer.js';
import type { LoadedPlanRef } from './run-store.js';
import { listRunNames, runDirFor, runExists } from './runs.js';
import type { RunState, StepState } from './state-types.js';
import { checkOwnership } from './statedir.js';

export interface RunView {
  dir: string;
  records: JournalRecord[];
  /** As journaled, plus the plan's steps (pending) and observed outcomes of running steps. */
  state: RunState;
  /** Every complete line verified (checksum, chain, seq); false when a torn tail is pending. */
  verified: boolean;
  torn: TornTail | null;
  lock: LockInfo | null;
  lockUnreadable: boolean;
  /** Null when the plan file is the one the run last recorded. */
  planChange: PlanReconciliation | null;
  /** Steps whose status came from the disk, not the journal (e.g. exit.json appeared). */
  observed: Record<string, 'exit record' | 'process gone'>;
}

export function readRun(options: { stateDir: string; loaded: LoadedPlanRef; run: string }): RunView {
  const { stateDir, loaded, run } = options;
  const dir = runDirFor(stateDir, loaded.plan.id, run);
  if (!runExists(stateDir, loaded.plan.id, run)) {
    const runs = listRunNames(stateDir, loaded.plan.id);
    const known = runs.length
      ? `runs of ${loaded.plan.id}: ${runs.join(', ')}`
      : `no runs of ${loaded.plan.id} in ${stateDir}`;
    throw new UserError(`no run "${run}" of plan ${loaded.plan.id} (${known})`);
  }
  checkOwnership(dir);
  checkOwnership(journalPath(dir));
  const journal = loadJournal(journalPath(dir), { repair: false });
  const journaled = reduce(journal.records);
  const planChange =
    journaled.planSha256 === loaded.sha256 ? null : reconcilePlan(journaled, loaded.plan, loaded.sha256);
  const withPlan = withStepIds(
    journaled,
    listSteps(loaded.plan).map((ref) => ref.step.id),
  );
  const { state, observed } = observeRunning(withPlan, dir);
  const lock = readLock(dir);
  return {
    dir,
    records: journal.records,
    state,
    verified: journal.torn === null,
    torn: journal.torn,
    lock: lock === 'unreadable' ? null : lock,
    lockUnreadable: lock === 'unreadable',
    planChange,
    observed,
  };
}

function readExit(file: string): ExitRecord | null {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ExitRecord>;
    return typeof value === 'object' && value !== null && 'exitCode' in value ? (value as ExitRecord) : null;
  } catch {
    return null;
  }
}

/**
 * For each `running` step: an exit record means it finished (succeeded/failed by its exit
 * code); no exit record and its process gone means `unknown`. The journal is not touched:
 * the writer records these when it next opens the run.
 */
export function observeRunning(
  state: RunState,
  dir: string,
): { state: RunState; observed: Record<string, 'exit record' | 'process gone'> } {
  const observed: Record<string, 'exit record' | 'process gone'> = {};
  let steps: Record<string, StepState> | null = null;
  for (const step of Object.values(state.steps)) {
    const attempt = step.attempts.at(-1);
    if (step.status !== 'running' || !attempt) continue;
    const exitFile = path.join(attemptDir(dir, step.id, attempt.attempt), 'exit.json');
    let exit = readExit(exitFile);
    // Gone now, but it may have written its record between the two reads. An attempt only
    // announced (pid 0) is left running: the next writer settles it (session/resume.ts). A
    // multi-host attempt runs on its hosts whatever became of its follower: the next writer
    // follows it again.
    const remote = fs.existsSync(path.join(attemptDir(dir, step.id, attempt.attempt), 'follow.conf'));
    const gone =
      !exit &&
      !remote &&
      attempt.pid !== 0 &&
      !isSameProcessAlive(attempt.pid, attempt.pidStart, attempt.bootId);
    if (gone) exit = readExit(exitFile);
    let next: StepState | null = null;
    if (exit && 'unknown' in exit) {
      next = { ...step, status: 'unknown' };
      observed[step.id] = 'exit record';
    } else if (exit) {
      const ok = exit.exitCode === 0 && !exit.timedOut && exit.signal === null;
      const ended = Date.parse(exit.endedAt);
      const duration = Number.isFinite(ended) ? Math.max(0, ended - Date.parse(attempt.startedAt)) : null;
      next = {
        ...step,
        status: ok ? 'succeeded' : 'failed',
        exitCode: exit.exitCode,
        endedAt: exit.endedAt,
        durationMs: duration,
        attempts: [
          ...step.attempts.slice(0, -1),
          {
            ...attempt,
            exitCode: exit.exitCode,
            signal: exit.signal,
            endedAt: exit.endedAt,
            timedOut: exit.timedOut,
            durationMs: duration,
          },
        ],
      };
      observed[step.id] = 'exit record';
    } else if (gone) {
      next = { ...step, status: 'unknown' };
      observed[step.id] = 'process gone';
    }
    if (next) {
      steps ??= { ...state.steps };
      steps[step.id] = next;
    }
  }
  return { state: steps ? { ...state, steps } : state, observed };
}

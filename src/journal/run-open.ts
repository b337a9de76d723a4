// Creating and opening a run: the lock taken (or a watch when someone holds it), the journal
// loaded and verified once (records folded as they are read) or, when the caller verifies later
// (the cockpit: after its first frame), only the lines after a valid checkpoint; torn tails cut
// and kept aside, leftovers swept, then the RunStore that appends and follows.
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { MASK } from '../plan/secret-mask.js';
import { type Checkpoint, linesAfter, readCheckpoint, removeCheckpoint } from './checkpoint.js';
import type { Operator } from './events.js';
import { RunFolds } from './folds.js';
import { createJournalFile, JournalWriter, type LoadedJournal, loadJournal } from './journal.js';
import { acquireLock, describeHolder, readLock, releaseLock, sweepLockLeftovers } from './lock.js';
import { journalPath } from './paths.js';
import { planRollbackSteps, planStepDigests } from './plan-digest.js';
import { reduce, stateFolder } from './reducer.js';
import { type LoadedPlanRef, RunStore } from './run-store.js';
import { noSuchRun, readLockOrNull, runDirFor, runExists } from './runs.js';
import { sweepConfTemps } from './snapshot.js';
import type { RunState } from './state-types.js';
import { checkOwnership, ensurePrivateDir } from './statedir.js';

export interface CreateRunOptions {
  stateDir: string;
  loaded: LoadedPlanRef;
  run: string;
  operator: Operator;
  /** Values as given; those named in `secretNames` are journaled as MASK. */
  variables: Record<string, string>;
  secretNames?: Iterable<string>;
}

export interface OpenRunOptions {
  stateDir: string;
  loaded: LoadedPlanRef;
  run: string;
  operator: Operator;
  /** 'write' takes the lock when it can (else the store is a watch); 'read' never writes. */
  mode: 'write' | 'read';
  /** Journal lock.taken / lock.released (default true; `mark` writes only its decision). */
  journalLock?: boolean;
  /**
   * 'now' (default): read and verify the whole journal. 'later': start from the run's
   * checkpoint when it is intact and the journal holds its record, reading only the lines after
   * it; the caller then owes store.verifyLater() (the cockpit calls it after its first frame).
   */
  verify?: 'now' | 'later';
}

export function createRun(options: CreateRunOptions): RunStore {
  const { stateDir, loaded, run, operator } = options;
  const dir = runDirFor(stateDir, loaded.plan.id, run);
  if (runExists(stateDir, loaded.plan.id, run)) {
    throw new UserError(`run "${run}" of plan ${loaded.plan.id} already exists (${dir}); open it instead`);
  }
  ensurePrivateDir(stateDir);
  ensurePrivateDir(dir);
  const acquired = acquireLock(dir, operator);
  if (!acquired.ok) {
    throw new UserError(
      acquired.holder
        ? `run "${run}" is being created by ${describeHolder(acquired.holder)}`
        : `run "${run}" is locked`,
      EXIT.locked,
    );
  }
  try {
    const file = journalPath(dir);
    // An empty journal is a creation that was interrupted: finish it.
    if (!fs.existsSync(file)) createJournalFile(file);
    checkOwnership(file);
    const journal = loadJournal(file, { repair: true });
    if (journal.count > 0) throw new UserError(`run "${run}" of plan ${loaded.plan.id} already exists`);
    const secrets = new Set(options.secretNames ?? []);
    const variables: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.variables))
      variables[name] = secrets.has(name) ? MASK : value;
    const store = new RunStore(dir, loaded, operator, {
      state: reduce([]),
      records: 0,
      validBytes: journal.validBytes,
      writer: new JournalWriter(file, journal),
      lock: acquired.lock,
      holder: null,
      journalLock: true,
      folds: new RunFolds(),
    });
    store.append({
      type: 'run.created',
      data: {
        planId: loaded.plan.id,
        planPath: loaded.path,
        planSha256: loaded.sha256,
        run,
        variables,
        stepDigests: planStepDigests(loaded.plan),
        rollbackSteps: planRollbackSteps(loaded.plan),
      },
    });
    store.afterOpen(undefined);
    return store;
  } catch (error) {
    releaseLock(dir, acquired.lock.lockId);
    throw error;
  }
}

/** The journal read whole, or from the checkpoint on when allowed and usable. */
function loadRun(
  dir: string,
  file: string,
  options: { repair: boolean; verify: 'now' | 'later'; writer: boolean },
): {
  journal: LoadedJournal;
  state: RunState;
  folds: RunFolds;
  unverified: Checkpoint | null;
  checkpointProblem: string | null;
} {
  const read = options.verify === 'later' ? readCheckpoint(dir, file) : { checkpoint: null, problem: null };
  // A checkpoint that is not usable as it stands is rebuilt: the writer writes a new one at close.
  if (read.problem && options.writer) removeCheckpoint(dir);
  const checkpoint = read.checkpoint;
  const folder = stateFolder(checkpoint?.state);
  const folds = new RunFolds(checkpoint?.folds);
  const journal = loadJournal(file, {
    repair: options.repair,
    onRecord: (record) => {
      folder.add(record);
      folds.add(record);
    },
    keep: false,
    ...linesAfter(checkpoint),
  });
  return { journal, state: folder.state(), folds, unverified: checkpoint, checkpointProblem: read.problem };
}

export function openRun(options: OpenRunOptions): RunStore {
  const { stateDir, loaded, run, operator } = options;
  const dir = runDirFor(stateDir, loaded.plan.id, run);
  const file = journalPath(dir);
  if (!runExists(stateDir, loaded.plan.id, run)) throw noSuchRun(stateDir, loaded.plan.id, run);
  checkOwnership(path.dirname(dir));
  checkOwnership(dir);
  checkOwnership(file);
  const journalLock = options.journalLock ?? true;
  const verify = options.verify ?? 'now';
  const acquired = options.mode === 'write' ? acquireLock(dir, operator) : null;
  if (acquired?.ok) {
    try {
      const { journal, state, folds, unverified, checkpointProblem } = loadRun(dir, file, {
        repair: true,
        verify,
        writer: true,
      });
      // The unreleased stretch as of the journal's end, before this open journals anything.
      const stretch = folds.unreleased;
      sweepConfTemps(dir);
      sweepLockLeftovers(dir);
      const store = new RunStore(dir, loaded, operator, {
        state,
        records: journal.count,
        validBytes: journal.validBytes,
        writer: new JournalWriter(file, journal),
        lock: acquired.lock,
        holder: null,
        journalLock,
        folds,
        unverified,
      });
      store.checkpointProblem = checkpointProblem;
      if (journal.torn) {
        store.warnings.push(
          `the journal's last line was torn (a crash mid-write): cut off at line ${journal.torn.line} and kept in ${journal.torn.keptAt}`,
        );
      }
      // The dead holder's lock may have been moved away by another opener racing us: then the
      // journal still says that writer never let go, and that is what gets recorded.
      const unreleased = acquired.takenOver ? null : stretch;
      if (unreleased) {
        store.afterOpen(
          unreleased,
          `the writer with lock ${unreleased.lockId} never released it and its lock was gone when this one was taken`,
        );
      } else store.afterOpen(acquired.takenOver);
      return store;
    } catch (error) {
      releaseLock(dir, acquired.lock.lockId);
      throw error;
    }
  }
  const { journal, state, folds, unverified, checkpointProblem } = loadRun(dir, file, {
    repair: false,
    verify,
    writer: false,
  });
  const holder = acquired && !acquired.ok ? acquired.holder : readLockOrNull(dir);
  const store = new RunStore(dir, loaded, operator, {
    state,
    records: journal.count,
    validBytes: journal.validBytes,
    writer: null,
    lock: null,
    holder,
    holderUnreadable: holder === null && readLock(dir) === 'unreadable',
    journalLock,
    folds,
    unverified,
  });
  store.checkpointProblem = checkpointProblem;
  // Who holds the run is `lockNote` (kept current while following), not a startup warning.
  if (journal.torn) {
    store.warnings.push(
      `the journal's last line (line ${journal.torn.line}) is torn; the writer will cut it off`,
    );
  }
  store.afterOpen(undefined);
  return store;
}

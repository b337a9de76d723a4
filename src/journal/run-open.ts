// Creating and opening a run: the lock taken (or a watch when someone holds it), the journal
// loaded and verified once (records folded as they are read), torn tails cut and kept aside,
// leftovers swept, then the RunStore that appends and follows.
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { MASK } from '../plan/secret-mask.js';
import type { JournalRecord, Operator } from './events.js';
import { createJournalFile, JournalWriter, loadJournal } from './journal.js';
import {
  acquireLock,
  describeHolder,
  type LockInfo,
  readLock,
  releaseLock,
  sweepLockLeftovers,
} from './lock.js';
import { journalPath } from './paths.js';
import { planRollbackSteps, planStepDigests } from './plan-digest.js';
import { reduce, stateFolder } from './reducer.js';
import { type LoadedPlanRef, RunStore } from './run-store.js';
import { noSuchRun, readLockOrNull, runDirFor, runExists } from './runs.js';
import { sweepConfTemps } from './snapshot.js';
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
   * Sees every record: each one loaded at open, then each appended or followed (the ones
   * journaled while opening too). For callers that fold what they need instead of keeping
   * all records, so a large journal is read once.
   */
  observe?: (record: JournalRecord) => void;
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

/** The last lock.taken / lock.takenOver in the journal that no lock.released or lock.forced ended. */
function openStretch() {
  let last: LockInfo | null = null;
  return {
    add(record: JournalRecord): void {
      if (record.type === 'lock.taken' || record.type === 'lock.takenOver') {
        const data = record.data as { lockId: string; pid?: number };
        last = {
          lockId: data.lockId,
          user: record.operator.user,
          host: record.operator.host,
          pid: data.pid ?? 0,
          pidStart: '',
          bootId: '',
          tty: record.operator.tty,
          sshClient: record.operator.sshClient,
          since: record.time,
        };
      } else if (record.type === 'lock.released' || record.type === 'lock.forced') last = null;
    },
    unreleased: (): LockInfo | null => last,
  };
}

function alsoObserve(
  add: (record: JournalRecord) => void,
  observe: ((record: JournalRecord) => void) | undefined,
): (record: JournalRecord) => void {
  if (!observe) return add;
  return (record) => {
    add(record);
    observe(record);
  };
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
  const observe = options.observe;
  const acquired = options.mode === 'write' ? acquireLock(dir, operator) : null;
  if (acquired?.ok) {
    try {
      const folder = stateFolder();
      const stretch = openStretch();
      const onRecord = alsoObserve((record) => {
        folder.add(record);
        stretch.add(record);
      }, observe);
      const journal = loadJournal(file, { repair: true, onRecord, keep: false });
      sweepConfTemps(dir);
      sweepLockLeftovers(dir);
      const store = new RunStore(dir, loaded, operator, {
        state: folder.state(),
        records: journal.count,
        validBytes: journal.validBytes,
        writer: new JournalWriter(file, journal),
        lock: acquired.lock,
        holder: null,
        journalLock,
      });
      if (observe) store.subscribe((record) => observe(record));
      if (journal.torn) {
        store.warnings.push(
          `the journal's last line was torn (a crash mid-write): cut off at line ${journal.torn.line} and kept in ${journal.torn.keptAt}`,
        );
      }
      // The dead holder's lock may have been moved away by another opener racing us: then the
      // journal still says that writer never let go, and that is what gets recorded.
      const unreleased = acquired.takenOver ? null : stretch.unreleased();
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
  const folder = stateFolder();
  const onRecord = alsoObserve(folder.add, observe);
  const journal = loadJournal(file, { repair: false, onRecord, keep: false });
  const holder = acquired && !acquired.ok ? acquired.holder : readLockOrNull(dir);
  const store = new RunStore(dir, loaded, operator, {
    state: folder.state(),
    records: journal.count,
    validBytes: journal.validBytes,
    writer: null,
    lock: null,
    holder,
    holderUnreadable: holder === null && readLock(dir) === 'unreadable',
    journalLock,
  });
  // Who holds the run is `lockNote` (kept current while following), not a startup warning.
  if (observe) store.subscribe((record) => observe(record));
  if (journal.torn) {
    store.warnings.push(
      `the journal's last line (line ${journal.torn.line}) is torn; the writer will cut it off`,
    );
  }
  store.afterOpen(undefined);
  return store;
}

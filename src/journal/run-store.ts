// The run on disk as the session sees it, once open (run-open.ts creates and opens it): append
// events (fsynced, state updated incrementally), one writer per run (others get a read-only
// watch that follows the writer live), the plan reconciled on open, the snapshot kept in step.
// The run catalogue is runs.ts; who holds the run, as a watch sees it, is watch-lock.ts.
// Over 300 lines because it is the one owner of an open run's journal, lock and state: each
// method is short. Opened from a checkpoint, the store is unverified until verifyLater() has checked the
// journal before it; a failed check stops all writing. A verified writer leaves a checkpoint
// when it closes.
import { EXIT, UserError } from '../errors.js';
import { listSteps } from '../plan/outline.js';
import type { Plan } from '../plan/schema.js';
import { type Checkpoint, removeCheckpoint, writeCheckpoint } from './checkpoint.js';
import { verifyCheckpoint } from './checkpoint-verify.js';
import type { EventData, JournalEvent, JournalRecord, Operator } from './events.js';
import type { ResumeMarks, RunFolds } from './folds.js';
import { followJournal, type JournalFollower, type JournalWriter } from './journal.js';
import { describeHolder, holdsLock, type LockInfo, readLock, releaseLock } from './lock.js';
import { journalPath } from './paths.js';
import { describePlanChange, planChangedEvent, reconcilePlan } from './reconcile.js';
import { applyRecord, withStepIds } from './reducer.js';
import { type RunSnapshot, runProgress, syncSnapshot, writeSnapshot } from './snapshot.js';
import type { RunState } from './state-types.js';
import { WatchLock } from './watch-lock.js';

/** What the plan loader returns (src/plan/load.ts LoadedPlan has these and more). */
export interface LoadedPlanRef {
  plan: Plan;
  path: string;
  sha256: string;
}

export type RunListener = (record: JournalRecord, state: RunState) => void;

function stepIdsOf(plan: Plan): string[] {
  return listSteps(plan).map((ref) => ref.step.id);
}

export class RunStore {
  readonly warnings: string[] = [];
  /** Why the run's checkpoint was not used at open (it is rebuilt at close); null when it was or none. */
  checkpointProblem: string | null = null;
  #state: RunState;
  #records: number;
  #writer: JournalWriter | null;
  #lock: LockInfo | null;
  /** Who holds the run as this watch sees it (null for the writer). */
  #watchLock: WatchLock | null;
  #listeners = new Set<RunListener>();
  #follower: JournalFollower | null = null;
  #validBytes: number;
  #snapshot: RunSnapshot | null = null;
  #journalLock: boolean;
  #closed = false;
  #folds: RunFolds;
  /** The checkpoint the state started from, until the journal before it is verified. */
  #unverified: Checkpoint | null;
  #verifying: Promise<string | null> | null = null;
  /** Why the journal did not verify: nothing more is written. */
  #failed: string | null = null;
  #stopVerify = new AbortController();

  constructor(
    readonly dir: string,
    readonly loaded: LoadedPlanRef,
    readonly operator: Operator,
    init: {
      state: RunState;
      records: number;
      validBytes: number;
      writer: JournalWriter | null;
      lock: LockInfo | null;
      holder: LockInfo | null;
      holderUnreadable?: boolean;
      journalLock: boolean;
      folds: RunFolds;
      /** Set when the state came from this checkpoint and the journal before it is unchecked. */
      unverified?: Checkpoint | null;
    },
  ) {
    this.#folds = init.folds;
    this.#unverified = init.unverified ?? null;
    this.#state = init.state;
    this.#records = init.records;
    this.#validBytes = init.validBytes;
    this.#writer = init.writer;
    this.#lock = init.lock;
    this.#watchLock = init.writer ? null : new WatchLock(dir, init.holder, init.holderUnreadable ?? false);
    this.#journalLock = init.journalLock;
  }

  get journalFile(): string {
    return journalPath(this.dir);
  }
  get mode(): 'writer' | 'watch' {
    return this.#writer ? 'writer' : 'watch';
  }
  get state(): RunState {
    return this.#state;
  }
  get records(): number {
    return this.#records;
  }
  /** Our lock when writer; the holder's (or null when unlocked) in a watch. */
  get lockHolder(): LockInfo | null {
    return this.#lock ?? this.#watchLock?.holder ?? null;
  }
  /**
   * Watch: one line on who holds the run now (kept current while following); null for the
   * writer. "lock free" once the holder let go and nobody took it.
   */
  get lockNote(): string | null {
    if (this.#writer) return null;
    return this.#watchLock?.note ?? null;
  }
  /**
   * Watch: opening the run for writing now would get the lock: nobody holds it, or its holder's
   * process is gone on this machine (the open takes it over, journaled). Checked when asked:
   * a holder can die without a word in the journal.
   */
  get lockTakeable(): boolean {
    if (this.#writer) return false;
    return this.#watchLock?.takeable ?? false;
  }
  get snapshot(): RunSnapshot | null {
    return this.#snapshot;
  }
  /** Every record of the journal is verified (false until verifyLater() is done after a checkpoint). */
  get verified(): boolean {
    return this.#unverified === null && this.#failed === null;
  }
  /** What the resume summary needs, as of the last record. */
  resumeMarks(): ResumeMarks {
    return this.#folds.marks();
  }
  /** The last unreleased lock stretch the journal shows (a writer that never let go). */
  get unreleasedLock(): LockInfo | null {
    return this.#folds.unreleased;
  }

  /**
   * Verify the journal before the checkpoint this store opened from (at once when it did not):
   * null when all is well. On a problem the checkpoint is removed, the store stops writing, and
   * the problem is returned (the caller tells the operator to reopen: the next open reads the
   * whole journal and says where it is damaged).
   */
  verifyLater(): Promise<string | null> {
    const checkpoint = this.#unverified;
    if (!checkpoint) return Promise.resolve(this.#failed);
    this.#verifying ??= verifyCheckpoint(this.journalFile, checkpoint, {
      signal: this.#stopVerify.signal,
    }).then((problem) => {
      if (this.#stopVerify.signal.aborted) return null;
      this.#unverified = null;
      if (problem) {
        this.#failed = problem;
        if (this.#writer) removeCheckpoint(this.dir);
      }
      return problem;
    });
    return this.#verifying;
  }

  /** Journal one event (fsynced before it returns) and update the state. Writer only. */
  append(event: JournalEvent): JournalRecord {
    if (this.#failed) {
      throw new UserError(
        `the journal did not verify (${this.#failed}); nothing more is written: reopen the run`,
      );
    }
    const writer = this.#writer;
    if (!writer || !this.#lock) {
      const held = this.#watchLock?.holder;
      const holder = held ? `: held by ${describeHolder(held)}` : '';
      throw new UserError(`the run is read-only here${holder}`, EXIT.locked);
    }
    if (!holdsLock(this.dir, this.#lock.lockId)) {
      const now = readLock(this.dir);
      const who = now && now !== 'unreadable' ? ` (now held by ${describeHolder(now)})` : '';
      throw new UserError(`lost the lock on ${this.dir}${who}; nothing was written`, EXIT.locked);
    }
    const record = writer.append(event, this.operator);
    this.#apply(record);
    this.#validBytes = writer.bytes;
    return record;
  }

  /** Typed helper: `store.event('step.done', { note }, 'smoke')`. */
  event<K extends keyof EventData>(type: K, data: EventData[K], step?: string): JournalRecord {
    return this.append({ type, data, ...(step !== undefined ? { step } : {}) } as JournalEvent);
  }

  subscribe(listener: RunListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** In a watch: follow the writer's appends live (listeners get each record). */
  follow(options: { pollMs?: number } = {}): void {
    if (this.#writer || this.#follower || this.#closed) return;
    this.#follower = followJournal(
      this.journalFile,
      this.#validBytes,
      (records, offset) => {
        this.#validBytes = offset;
        for (const record of records) {
          this.#watchLock?.see(record);
          this.#apply(record);
        }
      },
      options,
    );
  }

  /** Remember where the operator stands (snapshot; writer only, cheap to skip). */
  setPosition(position: string | null): void {
    if (!this.#writer) return;
    this.#snapshot = this.#makeSnapshot(position);
    writeSnapshot(this.dir, this.#snapshot);
  }

  /** Release the lock (journaled) and stop following. Running steps are not touched. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#follower?.close();
    this.#stopVerify.abort();
    const writer = this.#writer;
    const lock = this.#lock;
    if (writer && lock) {
      try {
        if (this.#journalLock && holdsLock(this.dir, lock.lockId) && !this.#failed) {
          this.append({ type: 'lock.released', data: { lockId: lock.lockId } });
        }
        this.#snapshot = this.#makeSnapshot(this.#snapshot?.position ?? null);
        writeSnapshot(this.dir, this.#snapshot);
        // Only a state whose every record was verified becomes the next open's starting point.
        if (this.verified && holdsLock(this.dir, lock.lockId))
          writeCheckpoint(this.dir, writer.last, this.#state, this.#folds.save());
      } finally {
        writer.close();
        releaseLock(this.dir, lock.lockId);
        this.#writer = null;
        this.#lock = null;
      }
    }
  }

  #apply(record: JournalRecord): void {
    this.#state = applyRecord(this.#state, record);
    this.#folds.add(record);
    this.#records += 1;
    for (const listener of this.#listeners) listener(record, this.#state);
  }

  #makeSnapshot(position: string | null): RunSnapshot {
    return {
      position,
      variables: { ...this.#state.variables },
      planSha256: this.#state.planSha256,
      lastSeq: this.#state.lastSeq,
      savedAt: new Date().toISOString(),
      summary: runProgress(this.#state),
    };
  }

  /**
   * After open as writer: the lock journaled (taken, or taken over from a holder that died:
   * `reason` says how that was known), plan reconciliation and snapshot.
   */
  afterOpen(takenOver: LockInfo | undefined, reason?: string): void {
    const lock = this.#lock;
    if (this.#writer && lock) {
      if (takenOver) {
        this.append({
          type: 'lock.takenOver',
          data: {
            lockId: lock.lockId,
            previousLockId: takenOver.lockId,
            previousUser: takenOver.user,
            previousPid: takenOver.pid,
            reason:
              reason ?? `holder pid ${takenOver.pid} is no longer running on ${takenOver.host} (same boot)`,
          },
        });
        this.warnings.push(`took over the lock of ${describeHolder(takenOver)}: that process is gone`);
      } else if (this.#journalLock)
        this.append({ type: 'lock.taken', data: { lockId: lock.lockId, pid: process.pid } });
      const reconciliation = reconcilePlan(this.#state, this.loaded.plan, this.loaded.sha256);
      if (!reconciliation.same) {
        this.append({
          type: 'plan.changed',
          data: planChangedEvent(this.#state, reconciliation, this.loaded.path, this.loaded.sha256),
        });
        this.warnings.push(describePlanChange(reconciliation));
      }
    } else if (this.#state.planSha256 !== this.loaded.sha256) {
      this.warnings.push(
        describePlanChange(reconcilePlan(this.#state, this.loaded.plan, this.loaded.sha256)),
      );
    }
    this.#state = withStepIds(this.#state, stepIdsOf(this.loaded.plan));
    const synced = syncSnapshot(this.dir, this.#state, {
      write: this.mode === 'writer',
      validPositions: new Set(stepIdsOf(this.loaded.plan)),
    });
    this.#snapshot = synced.snapshot;
  }
}

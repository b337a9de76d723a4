// What opening a run needs from its journal beyond the state, folded record by record as the
// journal is read and kept current as records are appended or followed, and saved in the
// checkpoint with the state (an open that starts from a checkpoint never sees the records
// before it): the lock stretch no release ended, and the marks of the resume summary.
import type { JournalRecord } from './events.js';
import type { LockInfo } from './lock.js';

/**
 * What the resume summary needs (session/resume.ts builds it): when a session last let go of
 * the run, how many records came since, and whether the plan changed since the latest lock.
 */
export interface ResumeMarks {
  /** Time of the last lock.released / lock.forced: the last time a session let go of the run. */
  leftAt: string | null;
  /** Records since then, other than lock and plan-change records. */
  eventsSinceLeft: number;
  /** A plan.changed after the latest lock.taken / lock.takenOver (this session's own). */
  planChangedSinceLock: boolean;
}

export interface SavedFolds {
  /** The last lock.taken / lock.takenOver that no lock.released or lock.forced ended. */
  stretch: LockInfo | null;
  marks: ResumeMarks;
  lastTime: string | null;
}

export class RunFolds {
  #stretch: LockInfo | null;
  #marks: ResumeMarks;
  #lastTime: string | null;

  constructor(saved?: SavedFolds) {
    this.#stretch = saved?.stretch ?? null;
    this.#marks = saved
      ? { ...saved.marks }
      : { leftAt: null, eventsSinceLeft: 0, planChangedSinceLock: false };
    this.#lastTime = saved?.lastTime ?? null;
  }

  readonly add = (record: JournalRecord): void => {
    this.#addStretch(record);
    this.#addMarks(record);
  };

  get unreleased(): LockInfo | null {
    return this.#stretch;
  }

  /** The marks as they stand now (a copy: later records do not change it). */
  marks(): ResumeMarks {
    return { ...this.#marks };
  }

  save(): SavedFolds {
    return { stretch: this.#stretch, marks: { ...this.#marks }, lastTime: this.#lastTime };
  }

  #addStretch(record: JournalRecord): void {
    if (record.type === 'lock.taken' || record.type === 'lock.takenOver') {
      const data = record.data as { lockId: string; pid?: number };
      this.#stretch = {
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
    } else if (record.type === 'lock.released' || record.type === 'lock.forced') this.#stretch = null;
  }

  #addMarks(record: JournalRecord): void {
    const marks = this.#marks;
    const previousTime = this.#lastTime;
    this.#lastTime = record.time;
    if (record.type === 'lock.released' || record.type === 'lock.forced') {
      marks.leftAt = record.time;
      marks.eventsSinceLeft = 0;
    } else if (record.type === 'lock.takenOver' && record.data.previousUser === record.operator.user) {
      // The same operator's session died (a dropped connection): it saw its own events, and it
      // left with its last record.
      marks.leftAt = previousTime ?? record.time;
      marks.eventsSinceLeft = 0;
      marks.planChangedSinceLock = false;
    } else if (record.type === 'lock.taken' || record.type === 'lock.takenOver') {
      marks.planChangedSinceLock = false;
    } else if (record.type === 'plan.changed') {
      marks.planChangedSinceLock = true;
    } else {
      marks.eventsSinceLeft += 1;
    }
  }
}

/** A saved fold as read back from a checkpoint: its shape checked, null when it is not one. */
export function savedFoldsOf(value: unknown): SavedFolds | null {
  const saved = value as Partial<SavedFolds> | null;
  const marks = saved?.marks as Partial<ResumeMarks> | undefined;
  if (
    typeof saved !== 'object' ||
    saved === null ||
    (saved.stretch !== null && typeof saved.stretch !== 'object') ||
    (saved.lastTime !== null && typeof saved.lastTime !== 'string') ||
    typeof marks !== 'object' ||
    (marks.leftAt !== null && typeof marks.leftAt !== 'string') ||
    !Number.isInteger(marks.eventsSinceLeft) ||
    typeof marks.planChangedSinceLock !== 'boolean'
  ) {
    return null;
  }
  return saved as SavedFolds;
}

// Who holds a run, as a read-only watch sees it while it follows the writer's journal. Kept apart
// from the store (run-store.ts appends and keeps the state): this is lock tracking only.
import type { JournalRecord } from './events.js';
import { describeHolder, isHolderDead, type LockInfo, readLock } from './lock.js';

export class WatchLock {
  #holder: LockInfo | null;
  /** lock.json exists but cannot be parsed. */
  #unreadable: boolean;
  /** Locks the journal says were let go (their lock.json may linger a moment). */
  #gone = new Set<string>();

  constructor(
    readonly dir: string,
    holder: LockInfo | null,
    unreadable: boolean,
  ) {
    this.#holder = holder;
    this.#unreadable = unreadable;
  }

  get holder(): LockInfo | null {
    return this.#holder;
  }

  /** One line on who holds the run now; "lock free" once the holder let go and nobody took it. */
  get note(): string {
    if (this.#holder && isHolderDead(this.#holder)) {
      return `read-only: the run is held by ${describeHolder(this.#holder)}, whose process is gone (opening the run takes it over)`;
    }
    if (this.#holder) return `read-only: the run is held by ${describeHolder(this.#holder)}`;
    if (this.#unreadable) {
      return `read-only: ${this.dir}/lock.json is unreadable (force-unlock the run with LOCK_ID "unreadable")`;
    }
    return 'lock free: nobody holds the run (opening it takes the lock)';
  }

  /**
   * Opening the run for writing now would get the lock: nobody holds it, or its holder's process
   * is gone on this machine. Checked when asked: a holder can die without a word in the journal.
   */
  get takeable(): boolean {
    if (this.#unreadable) return false;
    return this.#holder === null || isHolderDead(this.#holder);
  }

  /**
   * The journal says when the lock changes hands; lock.json says who holds it. A lock released or
   * forced may still sit in lock.json for a moment (the writer journals before it unlinks), and
   * `mark`/`force-unlock` hold a lock briefly without journaling it: so only a lock.taken /
   * lock.takenOver names a new holder, and a released lock is never shown again.
   */
  see(record: JournalRecord): void {
    if (record.type === 'lock.released' || record.type === 'lock.forced') {
      this.#gone.add(record.data.lockId);
      if (this.#holder?.lockId === record.data.lockId || record.type === 'lock.forced') {
        this.#holder = null;
        this.#unreadable = false;
      }
    } else if (record.type === 'lock.taken' || record.type === 'lock.takenOver') {
      if (record.type === 'lock.takenOver') this.#gone.add(record.data.previousLockId);
      const now = readLock(this.dir);
      this.#unreadable = now === 'unreadable';
      this.#holder = now === 'unreadable' || now === null || this.#gone.has(now.lockId) ? null : now;
    }
  }
}

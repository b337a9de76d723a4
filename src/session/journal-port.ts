// The journal side of the session's ports (ports.ts RunHandle) over src/journal's RunStore.
import type { JournalEvent } from '../journal/events.js';
import type { RunStore } from '../journal/run-store.js';
import type { RunHandle } from './ports.js';
import type { LockHolder } from './types.js';

/** How often a watch re-reads the journal when fs.watch says nothing (network filesystems). */
const FOLLOW_POLL_MS = 250;

export function storeHandle(store: RunStore): RunHandle {
  return {
    dir: store.dir,
    get mode() {
      return store.mode;
    },
    warnings: store.warnings,
    state: () => store.state,
    append: async (event: JournalEvent) => store.append(event),
    follow(listener) {
      const off = store.subscribe((record) => listener([record]));
      store.follow({ pollMs: FOLLOW_POLL_MS });
      return off;
    },
    lockNote: () => store.lockNote,
    lockTakeable: () => store.lockTakeable,
    lock(): LockHolder | null {
      const info = store.lockHolder;
      if (!info) return null;
      return {
        lockId: info.lockId,
        user: info.user,
        host: info.host,
        pid: info.pid,
        tty: info.tty,
        sshClient: info.sshClient,
        since: info.since,
      };
    },
    verifyLater: () => store.verifyLater(),
    close: async () => store.close(),
  };
}

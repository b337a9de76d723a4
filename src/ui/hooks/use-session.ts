// Session and log tail state reach React only through useSyncExternalStore: a version number
// per change, never the output itself per chunk.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { LogTail, Session, SessionView } from '../../session/types.js';

export function useSessionView(session: Session): SessionView {
  const subscribe = useCallback((listener: () => void) => session.subscribe(listener), [session]);
  const read = useCallback(() => session.view(), [session]);
  return useSyncExternalStore(subscribe, read);
}

/** Open the tail of a step's attempt (one host's when given), closed when the key changes. */
export function useLogTail(
  session: Session,
  stepId: string | null,
  attempt: number | undefined,
  host: string | undefined,
): LogTail | null {
  const tail = useMemo(
    () => (stepId ? session.tail(stepId, attempt, host) : null),
    [session, stepId, attempt, host],
  );
  useEffect(() => () => tail?.close(), [tail]);
  const subscribe = useCallback(
    (listener: () => void) => (tail ? tail.subscribe(listener) : () => {}),
    [tail],
  );
  const read = useCallback(() => (tail ? tail.version() : 0), [tail]);
  useSyncExternalStore(subscribe, read);
  return tail;
}

/**
 * Watching: whether the lock can be taken now (`onTakeLock` given and Session.lockTakeable),
 * re-checked every tick, because a holder's cockpit can die without a word in the journal.
 */
export function useLockTakeable(
  session: Session,
  view: SessionView,
  tickMs: number,
  onTakeLock: (() => void) | undefined,
): boolean {
  const watching = view.mode === 'watch' && !!onTakeLock;
  useTick(watching ? tickMs : 0);
  return watching && session.lockTakeable();
}

/** Re-render every `ms` (elapsed times, countdown); 0 disables. */
export function useTick(ms: number): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!ms) return;
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
}

// Opening runs for the flow: a run asked for (from the command line, the start screen or the
// new-run form) is opened by the services while the "opening" screen holds keys for it; a
// failure goes back where it came from with the reason; taking the lock closes the watch and
// opens the run again (a dead holder's lock is taken over, journaled; someone quicker: a watch
// again). The session open when the operator leaves is the last one opened.
import { type RefObject, useRef } from 'react';
import type { Session } from '../../session/types.js';
import type { Strings } from '../i18n/index.js';
import type { CockpitServices, OpenRequest } from '../services.js';
import { afterOpen, type Screen } from './screens.js';

export interface RunOpening {
  open(request: OpenRequest, back: Screen): void;
  takeLock(session: Session): void;
  /** The session the operator has open now (what leaving hands back). */
  current: RefObject<Session | null>;
}

export function useRunOpening(options: {
  services: CockpitServices;
  t: Strings;
  /** Hold keys for the next screen (router.useKeyHold). */
  hold: (on: boolean) => void;
  setScreen: (next: Screen | ((current: Screen) => Screen)) => void;
  /** A new session replaces the main screen's remembered selection. */
  onOpened: () => void;
  variables: Record<string, string>;
}): RunOpening {
  const { services, t, hold, setScreen } = options;
  const current = useRef<Session | null>(null);
  const open = (request: OpenRequest, back: Screen) => {
    hold(true);
    // Already showing it (the first screen of `release-cockpit PLAN --run NAME`): no render, so
    // ink's frame throttle (30 a second) does not hold back the run's first frame.
    setScreen((shown) =>
      shown.kind === 'opening' && shown.run === request.run ? shown : { kind: 'opening', run: request.run },
    );
    services.openSession(request).then(
      (session) => {
        current.current = session;
        options.onOpened();
        setScreen(afterOpen(session));
      },
      (error: unknown) => {
        const message = t.start.openFailed(
          error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
        );
        setScreen(back.kind === 'start' ? { ...back, message } : { kind: 'failed', message });
      },
    );
  };
  const takeLock = (session: Session) => {
    const { planPath, state } = session.view();
    hold(true);
    current.current = null;
    void session
      .close()
      .catch(() => undefined)
      .then(() =>
        open(
          { planPath, run: state.run, variables: options.variables, watch: false },
          { kind: 'failed', message: '' },
        ),
      );
  };
  return { open, takeLock, current };
}

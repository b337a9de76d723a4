// One summary line per host of a multi-host attempt: its state and the last line it printed.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { AttemptState } from '../../journal/state-types.js';
import { describeHost, ENGLISH_HOST_WORDS, type HostWords } from '../../session/host-text.js';
import type { Session } from '../../session/types.js';
import type { HostLine } from '../model/output.js';

const MAX_HOST_TAILS = 16;

export function useHostLines(
  session: Session,
  stepId: string | null,
  attempt: AttemptState | undefined,
  words: HostWords = ENGLISH_HOST_WORDS,
): HostLine[] {
  const hosts = attempt?.hosts ?? null;
  const number = attempt?.attempt;
  const key = hosts ? hosts.join('\n') : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the host list
  const tails = useMemo(
    () =>
      stepId && hosts && number !== undefined
        ? hosts.slice(0, MAX_HOST_TAILS).map((host) => ({ host, tail: session.tail(stepId, number, host) }))
        : [],
    [session, stepId, number, key],
  );
  useEffect(
    () => () => {
      for (const { tail } of tails) tail?.close();
    },
    [tails],
  );
  const subscribe = useCallback(
    (listener: () => void) => {
      const offs = tails.map(({ tail }) => tail?.subscribe(listener) ?? (() => {}));
      return () => {
        for (const off of offs) off();
      };
    },
    [tails],
  );
  const read = useCallback(() => tails.reduce((sum, { tail }) => sum + (tail?.version() ?? 0), 0), [tails]);
  useSyncExternalStore(subscribe, read);
  // While the step runs, the follower's view of each host ("reconnecting (3), last output 12 s
  // ago") changes without output: read it once a second.
  const live =
    attempt?.hosts && attempt.endedAt === null && stepId ? (session.hostStates?.(stepId) ?? null) : null;
  const [, tick] = useState(0);
  const ticking = live !== null;
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  const now = Date.now();
  return tails.map(({ host, tail }) => {
    const result = attempt?.hostResults?.[host];
    const count = tail?.lineCount() ?? 0;
    return {
      host,
      exitCode: result?.exitCode ?? null,
      running: !result && attempt?.endedAt === null,
      last: (count > 0 ? tail?.range(count - 1, count)[0] : undefined) ?? '',
      state: live?.[host] ? describeHost(live[host], now, words) : null,
      ...(result?.notStarted ? { notStarted: true } : {}),
    };
  });
}

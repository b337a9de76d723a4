// The operator stops waiting for the hosts of a multi-host attempt that are out of reach (the
// follower shows them unreachable: the link has been down longer than reconnectFor). Each gets
// hosts/<host>/stop-waiting; the follower reads it at its next try (within one backoff, at most
// 30 s), records that host's outcome as unknown (its command may still run there: never failed,
// never re-run) and stops following it. The step then ends unknown once its other hosts have
// ended, and the operator decides (verify, mark done, mark failed, re-run).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ATTEMPT_FILES, readHostStates } from './records.js';

/** The hosts now unreachable, each told to stop being waited for; [] when none is. */
export function stopWaitingForUnreachable(attemptDir: string): string[] {
  const hosts = Object.entries(readHostStates(attemptDir))
    .filter(([, state]) => state.state === 'unreachable')
    .map(([host]) => host);
  for (const host of hosts) {
    writeFileSync(
      path.join(attemptDir, ATTEMPT_FILES.hosts, host, 'stop-waiting'),
      `${new Date().toISOString()}\n`,
      {
        mode: 0o600,
      },
    );
  }
  return hosts;
}

// Cancel of a multi-host attempt: a request the follower delivers to every host (cancel.json),
// and again until each host has it, however long a host is out of reach; each host's own
// escalation (INT, TERM, KILL, a grace apart, only while the command's group leader has the
// recorded start time) runs there by itself (remote.sh cancel). Hosts not started yet never are.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CancelOptions } from './cancel.js';
import { inspectAttempt } from './inspect.js';
import { readHostStates } from './records.js';

export async function cancelRemoteAttempt(
  attemptDir: string,
  opts: CancelOptions,
): Promise<'exited' | 'killed'> {
  const graceMs = opts.graceMs ?? 5000;
  try {
    writeFileSync(
      path.join(attemptDir, 'cancel.json'),
      `${JSON.stringify({ requestedAt: new Date().toISOString(), graceMs })}\n`,
      { flag: 'wx', mode: 0o600 },
    );
  } catch {
    // Asked before: the follower is on it.
  }
  let told = false;
  // The escalation takes up to two graces on a host, then the exit record comes back.
  const deadline = Date.now() + 3 * graceMs + (opts.settleMs ?? 5000);
  while (Date.now() < deadline) {
    if (inspectAttempt(attemptDir).state !== 'running') return 'exited';
    if (!told && Object.values(readHostStates(attemptDir)).some((state) => state.cancel === 'sent')) {
      told = true;
      opts.onSignal?.('SIGINT');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'killed';
}

// Cancel of a multi-host attempt: a request the follower delivers to every host (cancel.json),
// and again until each host has it, however long a host is out of reach; each host's own
// escalation (INT, TERM, KILL, the step's cancelGrace apart, only while the command's group
// leader has the recorded start time) runs there by itself (remote.sh cancel, supervise.sh).
// Each signal a host sends is read back from its log (the line supervise.sh writes there) and
// reported with the host and the host's time. Hosts not started yet never are. While a host still
// runs and has not got the cancel (out of reach: its state says "cancel queued", or its follower
// has not come to it yet, between two tries) this waits on, however long that takes, so the
// signals it sends once it is back are reported too; only opts.signal (the session closing)
// ends the wait early.
import { closeSync, openSync, readdirSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CancelOptions, CancelSignal } from './cancel.js';
import { inspectAttempt } from './inspect.js';
import { ATTEMPT_FILES, type HostState, readHostStates } from './records.js';

/** The line supervise.sh's cancel appends to the host's log for each signal. */
const SENT = /^release-cockpit: cancel: (SIGINT|SIGTERM|SIGKILL) sent (\S+)$/;

export async function cancelRemoteAttempt(
  attemptDir: string,
  opts: CancelOptions,
): Promise<'exited' | 'killed'> {
  const graceMs = opts.graceMs ?? 5000;
  const watch = new SignalLines(attemptDir);
  try {
    writeFileSync(
      path.join(attemptDir, 'cancel.json'),
      `${JSON.stringify({ requestedAt: new Date().toISOString(), graceMs })}\n`,
      { flag: 'wx', mode: 0o600 },
    );
  } catch {
    // Asked before: the follower is on it.
  }
  const report = () => {
    for (const sent of watch.read()) opts.onSignal?.(sent.signal, { host: sent.host, at: sent.at });
  };
  // The escalation takes up to two graces on a host, then the exit record comes back: counted
  // from when the last host got the cancel.
  const span = 3 * graceMs + (opts.settleMs ?? 5000);
  let deadline = Date.now() + span;
  while (Date.now() < deadline && !opts.signal?.aborted) {
    report();
    if (inspectAttempt(attemptDir).state !== 'running') {
      report();
      return 'exited';
    }
    if (undelivered(attemptDir)) deadline = Date.now() + span;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  report();
  return 'killed';
}

/** A host whose command may still run has not got the cancel yet. */
function undelivered(attemptDir: string): boolean {
  return Object.values(readHostStates(attemptDir)).some(
    (host) => !ENDED.has(host.state) && host.cancel !== 'sent',
  );
}

const ENDED: ReadonlySet<HostState['state']> = new Set(['exited', 'unknown', 'not-started']);

/** New cancel lines in each host's log, read from where the log ended when cancel was asked. */
class SignalLines {
  private readonly offsets = new Map<string, number>();
  private readonly partial = new Map<string, string>();

  constructor(private readonly attemptDir: string) {
    for (const host of this.hosts()) this.offsets.set(host, sizeOf(this.logOf(host)));
  }

  read(): { host: string; signal: CancelSignal; at: string }[] {
    const found: { host: string; signal: CancelSignal; at: string }[] = [];
    for (const host of this.hosts()) {
      const text = (this.partial.get(host) ?? '') + this.newBytes(host);
      const lines = text.split('\n');
      this.partial.set(host, (lines.pop() ?? '').slice(-200));
      for (const line of lines) {
        const match = SENT.exec(line);
        if (match) found.push({ host, signal: match[1] as CancelSignal, at: match[2] ?? '' });
      }
    }
    return found;
  }

  private hosts(): string[] {
    try {
      return readdirSync(path.join(this.attemptDir, ATTEMPT_FILES.hosts));
    } catch {
      return [];
    }
  }

  private logOf(host: string): string {
    return path.join(this.attemptDir, ATTEMPT_FILES.hosts, host, 'log');
  }

  /** What the log gained since the last read (at most 64 KiB at a time: memory stays bounded). */
  private newBytes(host: string): string {
    const from = this.offsets.get(host) ?? 0;
    let fd: number;
    try {
      fd = openSync(this.logOf(host), 'r');
    } catch {
      return '';
    }
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const n = readSync(fd, buffer, 0, buffer.length, from);
      this.offsets.set(host, from + n);
      return buffer.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

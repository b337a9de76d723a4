// A multi-host attempt: the follower (sh/follow.sh) in the wrapper's place. It is started
// detached like a wrapper, with the step's environment (the variables go to each host once,
// over ssh's stdin, when the command starts there); its settings are in follow.conf. A later
// follower of the same attempt (refollowAttempt: the first one is gone, e.g. the bastion
// rebooted) gets no variables: it follows the hosts already started and starts none.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isSameProcessAlive } from '../sys/proc.js';
import { buildStepEnv, remoteEnvNames } from './env.js';
import { ATTEMPT_FILES, readPidRecord, type WrapperPidRecord } from './records.js';
import { DEFAULT_HOST_CONCURRENCY, sshArguments } from './ssh.js';
import { copyProgram, launchDetached, type StartAttemptOptions, seconds, waitForPidRecord } from './start.js';

export interface RemoteOptions {
  /** Hosts at once (default 4). */
  concurrency?: number;
  /** Hosts per batch (default: all in one); the next batch starts when this one has ended. */
  batch?: number;
  /** Failed hosts (in total) beyond which no further batch starts (default 0; all when allowHostFailures). */
  maxFailures?: number;
  /** The step succeeds even when some hosts fail. */
  allowHostFailures?: boolean;
  /** A bash script run on the bastion between batches ($RC_BATCH, $RC_BATCH_HOSTS); non-zero stops. */
  health?: string;
  /** How long a host may be out of reach before it is shown unreachable (default 10 min). */
  reconnectForMs?: number;
  /** Between cancel's INT, TERM and KILL on each host (default 5 s). */
  cancelGraceMs?: number;
}

export const DEFAULT_RECONNECT_FOR_MS = 10 * 60_000;

/** Remote paths are built from these; ssh options may not hold a newline (follow.conf lines). */
const KEY_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Where the attempt lives on each host, below the remote state dir: plan/run-TAG/step/n[/polls/p]
 * (the host alias is added per host). TAG is random per run directory, so two runs of the same
 * name from two state directories (or two bastions) never share a remote directory.
 */
export function remoteKey(attemptDir: string): string {
  const parts = path.resolve(attemptDir).split(path.sep);
  const at = parts.lastIndexOf('attempts');
  const [planId, run] = [parts[at - 2], parts[at - 1]];
  const rest = parts.slice(at + 1);
  const named =
    at >= 3 && planId && run && rest.length > 0 && [planId, run, ...rest].every((p) => KEY_PART.test(p));
  if (!named) return `adhoc/${randomBytes(8).toString('hex')}`;
  return [planId, `${run}-${runTag(parts.slice(0, at).join(path.sep))}`, ...rest].join('/');
}

function runTag(runDir: string): string {
  const file = path.join(runDir, 'remote-tag');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const tag = randomBytes(5).toString('hex');
    try {
      writeFileSync(file, `${tag}\n`, { flag: 'wx', mode: 0o600 });
      return tag;
    } catch {
      return readFileSync(file, 'utf8').trim(); // Written by another attempt meanwhile.
    }
  }
}

/** Write the follower's files; returns the launcher line for launchDetached. */
export function startFollower(dir: string, opts: StartAttemptOptions & { hosts: string[] }): string {
  const ssh = sshArguments(opts.ssh);
  if (ssh.some((arg) => /[\n\r]/.test(arg))) throw new Error('ssh options may not contain a newline');
  const settings = opts.remote ?? {};
  const conf = [
    `key ${remoteKey(dir)}`,
    `timeout ${opts.timeoutMs === undefined ? '' : seconds(opts.timeoutMs)}`,
    `grace ${seconds(opts.killAfterMs ?? 10_000)}`,
    `cancelGrace ${Math.max(1, Math.round((settings.cancelGraceMs ?? 5000) / 1000))}`,
    `concurrency ${Math.max(1, settings.concurrency ?? DEFAULT_HOST_CONCURRENCY)}`,
    `batch ${Math.max(0, settings.batch ?? 0)}`,
    `maxFailures ${settings.maxFailures ?? -1}`,
    `allowHostFailures ${settings.allowHostFailures ? 1 : 0}`,
    `reconnectFor ${Math.max(1, Math.round((settings.reconnectForMs ?? DEFAULT_RECONNECT_FOR_MS) / 1000))}`,
    `envNames ${remoteEnvNames(opts.env).join(' ')}`,
    ...ssh.map((arg) => `ssh ${arg}`),
    ...opts.hosts.map((host) => `host ${host}`),
  ];
  writeFileSync(path.join(dir, 'follow.conf'), `${conf.join('\n')}\n`, { mode: 0o600 });
  if (settings.health !== undefined)
    writeFileSync(path.join(dir, 'health.sh'), settings.health, { mode: 0o600 });
  for (const host of opts.hosts)
    mkdirSync(path.join(dir, ATTEMPT_FILES.hosts, host), { recursive: true, mode: 0o700 });
  const follower = copyProgram(dir, 'follow.sh');
  copyProgram(dir, 'remote.sh');
  copyProgram(dir, 'supervise.sh');
  return `. '${follower}' start '${dir}'`;
}

/** Whether the attempt is a multi-host one (it has a follower). */
export function isRemoteAttempt(attemptDir: string): boolean {
  try {
    return readdirSync(attemptDir).includes('follow.conf');
  } catch {
    return false;
  }
}

/**
 * Start a new follower for an attempt whose follower is gone: it claims following, never the
 * command. What is left of the old one (its ssh clients, which still append to the hosts'
 * logs) is stopped first, so no host's log is appended to twice.
 */
export async function refollowAttempt(attemptDir: string): Promise<WrapperPidRecord> {
  const dir = path.resolve(attemptDir);
  const old = readPidRecord(dir);
  if (old && isSameProcessAlive(old.pid, old.pidStart, old.bootId)) return old;
  if (old) stopLeftovers(old.pid);
  const exited = launchDetached(
    dir,
    buildStepEnv({}),
    dir,
    `. '${path.join(dir, 'follow.sh')}' follow '${dir}'`,
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const record = readPidRecord(dir);
    if (record && record.pid !== old?.pid) return record;
    if (exited() || Date.now() > deadline) return waitForPidRecord(dir, 0, () => true);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The old follower's process group (its id is the follower's pid: it was started in a session
 * of its own), where only its ssh clients and naps can be left; a pid is not given to a new
 * process while a group of that id exists.
 */
function stopLeftovers(pgid: number): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid || Number(fields[3]) !== pgid) continue;
    if (!['ssh', 'bash', 'grep', 'sleep'].includes(comm)) continue;
    try {
      process.kill(Number(entry), 'SIGTERM');
    } catch {
      // Gone meanwhile.
    }
  }
}

// Start one attempt of a command step: write script.sh and wrapper.sh into the attempt
// directory and launch the wrapper detached (its own session, stdio to the log file and
// /dev/null, never a pipe to the cockpit) through zx with a pinned preset. Resolves once the
// wrapper has recorded pid.json; the cockpit can then exit, hang up or crash.
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildStepEnv, remoteEnvNames } from './env.js';
import { lockStyle } from './lock-style.js';
import { pinnedShell } from './pinned-shell.js';
import { ATTEMPT_FILES, readAttemptExit, readPidRecord, type WrapperPidRecord } from './records.js';
import { DEFAULT_HOST_CONCURRENCY, invalidHost, type SshOptions, sshArguments } from './ssh.js';
import { handOver, refillStandby, takeStandby } from './standby.js';
import { readLogTail } from './tail.js';
import { type LockStyle, WRAPPER_SCRIPT } from './wrapper.js';

export interface StartAttemptOptions {
  /** attempts/<step>/<n>; created when missing; must not hold an earlier attempt. */
  attemptDir: string;
  /** The step's bash script; written to attemptDir/script.sh, never spliced anywhere. */
  script: string;
  /** Plan variables, step env and RC_* (see env.ts); values only ever go to the environment. */
  env: Record<string, string>;
  /** Working directory (default: the cockpit's); must exist. */
  cwd?: string;
  /** Applied by coreutils `timeout` inside the wrapper: TERM, then KILL after killAfterMs. */
  timeoutMs?: number;
  /** Grace between the timeout's TERM and KILL (default 10 s). */
  killAfterMs?: number;
  /** Run on these ssh aliases instead of locally. */
  hosts?: string[];
  /** Hosts at once (default 4). */
  concurrency?: number;
  /** The step succeeds even when some hosts fail. */
  allowHostFailures?: boolean;
  ssh?: SshOptions;
  /** How long to wait for pid.json before giving up (default 10 s). */
  startTimeoutMs?: number;
  /** How the kernel lock is taken (default: what this machine's flock can do, lock-style.ts). */
  lockStyle?: LockStyle;
}

function seconds(ms: number): string {
  return (Math.max(ms, 1) / 1000).toFixed(3);
}

function checkOptions(opts: StartAttemptOptions): void {
  for (const host of opts.hosts ?? []) {
    const problem = invalidHost(host);
    if (problem) throw new Error(problem);
  }
  if (opts.hosts && new Set(opts.hosts).size !== opts.hosts.length) throw new Error('hosts are listed twice');
  if (opts.cwd !== undefined && !(existsSync(opts.cwd) && statSync(opts.cwd).isDirectory())) {
    throw new Error(`working directory ${opts.cwd} does not exist`);
  }
  if (opts.timeoutMs !== undefined && !(opts.timeoutMs > 0)) throw new Error('timeoutMs must be positive');
}

export async function startAttempt(opts: StartAttemptOptions): Promise<WrapperPidRecord> {
  checkOptions(opts);
  const dir = path.resolve(opts.attemptDir);
  const env = buildStepEnv(opts.env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(path.join(dir, ATTEMPT_FILES.lock)) || readPidRecord(dir) || readAttemptExit(dir)) {
    throw new Error(`${dir} already holds a started attempt; start a new attempt directory`);
  }
  writeFileSync(path.join(dir, ATTEMPT_FILES.script), opts.script, { mode: 0o600 });
  const wrapperPath = path.join(dir, ATTEMPT_FILES.wrapper);
  writeFileSync(wrapperPath, WRAPPER_SCRIPT, { mode: 0o600 });
  const hosts = opts.hosts ?? [];
  for (const host of hosts)
    mkdirSync(path.join(dir, ATTEMPT_FILES.hosts, host), { recursive: true, mode: 0o700 });

  const args = [
    dir,
    opts.lockStyle ?? lockStyle(),
    opts.timeoutMs === undefined ? '' : seconds(opts.timeoutMs),
    seconds(opts.killAfterMs ?? 10_000),
    String(Math.max(1, opts.concurrency ?? DEFAULT_HOST_CONCURRENCY)),
    opts.allowHostFailures ? '1' : '0',
    remoteEnvNames(opts.env).join(' '),
  ];
  const ssh = hosts.length > 0 ? sshArguments(opts.ssh) : [];
  args.push(String(ssh.length), ...ssh, ...hosts);

  const logFd = openSync(path.join(dir, ATTEMPT_FILES.log), 'a', 0o600);
  const cwd = opts.cwd ?? process.cwd();
  let exited: () => boolean;
  try {
    const standby = takeStandby();
    if (standby) {
      handOver(standby, env, cwd, ['main', ...args]);
      exited = standby.exited;
    } else {
      let done = false;
      const launched = pinnedShell(env, cwd, ['ignore', logFd, logFd])`. ${wrapperPath} main ${args}`;
      launched.child?.unref();
      void launched.then(() => {
        done = true;
      });
      exited = () => done;
    }
  } finally {
    closeSync(logFd);
  }
  refillStandby();
  return waitForPidRecord(dir, opts.startTimeoutMs ?? 10_000, exited);
}

async function waitForPidRecord(
  dir: string,
  timeoutMs: number,
  wrapperExited: () => boolean,
): Promise<WrapperPidRecord> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    const record = readPidRecord(dir);
    if (record) return record;
    if (wrapperExited() && !readPidRecord(dir)) {
      const said = (await readLogTail(path.join(dir, ATTEMPT_FILES.log), 3)).join(' ').slice(0, 300);
      throw new Error(`the step wrapper exited before starting the command${said ? `: ${said}` : ''}`);
    }
    if (Date.now() > deadline) throw new Error(`the step wrapper did not start within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

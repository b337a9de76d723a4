// Start one attempt of a command step. Locally: write script.sh and a copy of wrapper.sh into
// the attempt directory and launch the wrapper detached (its own session, stdio to the log file
// and /dev/null, never a pipe to the cockpit) through zx with a pinned preset. On hosts the
// same, with the follower (remote-start.ts) in the wrapper's place. Resolves once pid.json is
// recorded; the cockpit can then exit, hang up or crash.
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { buildStepEnv } from './env.js';
import { pinnedShell } from './pinned-shell.js';
import { ATTEMPT_FILES, readAttemptExit, readPidRecord, type WrapperPidRecord } from './records.js';
import { type RemoteOptions, startFollower } from './remote-start.js';
import { shellProgram } from './sh-dir.js';
import { invalidHost, type SshOptions } from './ssh.js';
import { readLogTail } from './tail.js';

export interface StartAttemptOptions {
  /** attempts/<step>/<n>; created when missing; must not hold an earlier attempt. */
  attemptDir: string;
  /** The step's bash script; written to attemptDir/script.sh, never spliced anywhere. */
  script: string;
  /** Plan variables, step env and RC_* (see env.ts); values only ever go to the environment. */
  env: Record<string, string>;
  /** Working directory (default: the cockpit's); must exist. */
  cwd?: string;
  /** Applied by coreutils `timeout` (on each host for remote steps): TERM, then KILL after killAfterMs. */
  timeoutMs?: number;
  /** Grace between the timeout's TERM and KILL (default 10 s). */
  killAfterMs?: number;
  /** Run on these ssh aliases instead of locally (see remote-start.ts). */
  hosts?: string[];
  /** Rolling fan-out, reconnects and the health gate of a multi-host step. */
  remote?: RemoteOptions;
  ssh?: SshOptions;
  /** How long to wait for pid.json before giving up (default 10 s). */
  startTimeoutMs?: number;
}

/** Seconds with three decimals, as wrapper.sh and supervise.sh take them. */
export function seconds(ms: number): string {
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

/** A private copy of one of the runner's programs in the attempt directory (see sh-dir.ts). */
export function copyProgram(dir: string, name: Parameters<typeof shellProgram>[0]): string {
  // A copy, not the package's file: bash reads a script as it goes, and an upgrade of the
  // package must not change a program that is running.
  const target = path.join(dir, name);
  copyFileSync(shellProgram(name), target);
  chmodSync(target, 0o600);
  return target;
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
  const cwd = opts.cwd ?? process.cwd();
  let launcher: string;
  if (opts.hosts && opts.hosts.length > 0) {
    launcher = startFollower(dir, { ...opts, hosts: opts.hosts });
  } else {
    const wrapper = copyProgram(dir, 'wrapper.sh');
    const timeout = opts.timeoutMs === undefined ? '' : seconds(opts.timeoutMs);
    launcher = `. ${quoteArg(wrapper)} main ${quoteArg(dir)} ${quoteArg(timeout)} ${seconds(opts.killAfterMs ?? 10_000)}`;
  }
  const exited = launchDetached(dir, env, cwd, launcher);
  return waitForPidRecord(dir, opts.startTimeoutMs ?? 10_000, exited);
}

/** Bash's own quoting for the launcher line (paths and numbers only). */
function quoteArg(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Start `launcher` (a bash line) detached, output appended to the attempt's log. */
export function launchDetached(dir: string, env: Record<string, string>, cwd: string, launcher: string) {
  const logFd = openSync(path.join(dir, ATTEMPT_FILES.log), 'a', 0o600);
  let done = false;
  try {
    const launched = pinnedShell(env, cwd, ['ignore', logFd, logFd])(rawLine(launcher));
    launched.child?.unref();
    void launched.then(() => {
      done = true;
    });
  } finally {
    closeSync(logFd);
  }
  return () => done;
}

/** zx takes a command as a template; the launcher is built from quoted parts already. */
function rawLine(text: string): TemplateStringsArray {
  return Object.assign([text], { raw: [text] });
}

export async function waitForPidRecord(
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

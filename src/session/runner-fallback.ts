// Minimal process-layer pieces the session needs while src/runner grows its own (inspect,
// wait, cancel, tail, captured runs, the logind check). Each reads only the documented attempt
// files (pid.json, exit.json, log) and process identity (pid + start time + boot id).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ExitRecord } from '../journal/paths.js';
import { isSameProcessAlive } from '../sys/proc.js';
import type { FinishedAttempt, Inspection } from './ports.js';
import type { LogTail } from './types.js';

type Recorded = { pid: number; pidStart: string; bootId: string };

function readJson(file: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readExit(file: string): ExitRecord | null {
  const value = readJson(file);
  if (!value) return null;
  const exitCode = typeof value.exitCode === 'number' ? value.exitCode : null;
  return {
    exitCode,
    signal: typeof value.signal === 'string' ? value.signal : null,
    endedAt: typeof value.endedAt === 'string' ? value.endedAt : new Date().toISOString(),
    timedOut: value.timedOut === true,
  };
}

function finishedOf(dir: string): FinishedAttempt | null {
  const exit = readExit(path.join(dir, 'exit.json'));
  if (!exit) return null;
  const hostsDir = path.join(dir, 'hosts');
  let hosts: FinishedAttempt['hosts'];
  try {
    const names = readdirSync(hostsDir).sort();
    hosts = {};
    for (const host of names) {
      const hostExit = readExit(path.join(hostsDir, host, 'exit.json'));
      hosts[host] = { exitCode: hostExit?.exitCode ?? null, logPath: path.join(hostsDir, host, 'log') };
    }
  } catch {
    hosts = undefined;
  }
  return hosts && Object.keys(hosts).length > 0 ? { exit, hosts } : { exit };
}

export async function inspectFallback(dir: string, recorded: Recorded): Promise<Inspection> {
  const finished = finishedOf(dir);
  if (finished) return { kind: 'exited', ...finished };
  if (isSameProcessAlive(recorded.pid, recorded.pidStart, recorded.bootId)) return { kind: 'running' };
  const late = finishedOf(dir);
  if (late) return { kind: 'exited', ...late };
  return {
    kind: 'vanished',
    reason: `process ${recorded.pid} is gone and left no exit record (machine rebooted or the process was killed)`,
  };
}

const POLL_MS = 100;

export async function waitForExitFallback(
  dir: string,
  recorded: Recorded,
  signal: AbortSignal,
): Promise<FinishedAttempt | null> {
  let goneChecks = 0;
  for (;;) {
    if (signal.aborted) return null;
    const finished = finishedOf(dir);
    if (finished) return finished;
    if (!isSameProcessAlive(recorded.pid, recorded.pidStart, recorded.bootId)) {
      // exit.json is renamed into place just before the wrapper ends: look twice.
      if (++goneChecks > 3) return null;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const CANCEL_GRACE_MS = Number(process.env.RC_CANCEL_GRACE_MS ?? 5000);

export async function cancelFallback(
  dir: string,
  recorded: Recorded,
  onSignal: (signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL') => Promise<void> | void,
): Promise<void> {
  const pid = readJson(path.join(dir, 'pid.json'));
  const pgid = typeof pid?.pgid === 'number' && pid.pgid > 0 ? pid.pgid : recorded.pid;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    if (finishedOf(dir) || !isSameProcessAlive(recorded.pid, recorded.pidStart, recorded.bootId)) return;
    await onSignal(sig);
    try {
      process.kill(-pgid, sig);
    } catch {
      // The group is gone already.
    }
    const deadline = Date.now() + CANCEL_GRACE_MS;
    while (Date.now() < deadline) {
      if (finishedOf(dir)) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

const TAIL_LINES = 500;
const TAIL_READ_LIMIT = 1 << 20;

export function tailFallback(logPath: string, transform: (line: string) => string): LogTail {
  let offset = 0;
  let partial = '';
  let lines: string[] = [];
  let version = 0;
  const listeners = new Set<() => void>();
  const read = () => {
    let size: number;
    try {
      size = statSync(logPath).size;
    } catch {
      return;
    }
    if (size <= offset) return;
    // Far behind: skip to the last megabyte; memory stays flat.
    if (size - offset > TAIL_READ_LIMIT) {
      offset = size - TAIL_READ_LIMIT;
      partial = '';
    }
    const buffer = Buffer.alloc(size - offset);
    const fd = openSync(logPath, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const text = partial + buffer.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    const fresh = parts.map((line) => transform(line.split('\r').pop() ?? ''));
    lines = [...lines, ...fresh].slice(-TAIL_LINES);
    version++;
    for (const listener of listeners) listener();
  };
  read();
  const timer = setInterval(read, 200);
  timer.unref();
  return {
    lines: () => (partial ? [...lines, transform(partial.split('\r').pop() ?? '')] : lines),
    bytes: () => offset,
    version: () => version,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => clearInterval(timer),
  };
}

const INHERITED = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'TERM', 'TZ', 'TMPDIR', 'SSH_AUTH_SOCK'];
const OUTPUT_LIMIT = 64 * 1024;

export function runCapturedFallback(
  script: string,
  options: { env: Record<string, string>; cwd: string | undefined; timeoutMs: number },
): Promise<{ exitCode: number | null; output: string; timedOut: boolean }> {
  const env: Record<string, string> = { PYTHONUNBUFFERED: '1' };
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, options.env);
  return new Promise((resolve) => {
    const child = spawn('/bin/bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-s'], {
      env,
      cwd: options.cwd ?? process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, output: error.message, timedOut: false });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: timedOut ? null : code, output, timedOut });
    });
    child.stdin.end(script);
  });
}

/** systemd-logind with KillUserProcesses=yes kills a logged-out user's processes, setsid or not. */
export function logindWarning(): string | null {
  for (const file of ['/etc/systemd/logind.conf']) {
    try {
      const text = readFileSync(file, 'utf8');
      if (/^\s*KillUserProcesses\s*=\s*(yes|true|1)\s*$/im.test(text)) {
        return 'systemd-logind kills your processes when you log out (KillUserProcesses=yes): ask for `loginctl enable-linger` or run steps under `systemd-run --user --scope`';
      }
    } catch {
      // no logind config: nothing to warn about
    }
  }
  return null;
}

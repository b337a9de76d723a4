// The process side of the session's ports (ports.ts RunnerPort) over src/runner.
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  cancelAttempt,
  createLogTail,
  inspectAttempt,
  killUserProcessesWarning,
  readHostExits,
  readHostStates,
  runCaptured,
  settleAttemptStart,
  startAttempt,
  stopWaitingForUnreachable,
  type WrapperPidRecord,
  waitForExit,
} from '../runner/index.js';
import type { FinishedAttempt, RunnerPort, StartedAttempt } from './ports.js';
import type { HostLive } from './types.js';

function hostResults(dir: string): FinishedAttempt['hosts'] {
  const hosts = readHostExits(dir);
  if (!hosts || Object.keys(hosts).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(hosts).map(([host, exit]) => [
      host,
      {
        exitCode: exit.exitCode,
        logPath: path.join(dir, 'hosts', host, 'log'),
        ...(exit.notStarted ? { notStarted: true as const } : {}),
      },
    ]),
  );
}

function startedFrom(dir: string, record: WrapperPidRecord): StartedAttempt {
  return {
    pid: record.pid,
    pidStart: record.pidStart,
    bootId: record.bootId,
    logPath: path.join(dir, 'log'),
    startedAt: record.startedAt || new Date().toISOString(),
  };
}

function finished(dir: string, record: FinishedAttempt['exit'] & { unknown?: string }): FinishedAttempt {
  const { unknown, ...exit } = record;
  const hosts = hostResults(dir);
  return { exit, ...(hosts ? { hosts } : {}), ...(unknown !== undefined ? { unknown } : {}) };
}

/** Each host of a multi-host attempt as its follower wrote it, with its last output's time. */
export function realHostStates(dir: string): Record<string, HostLive> {
  const live: Record<string, HostLive> = {};
  for (const [host, state] of Object.entries(readHostStates(dir))) {
    let lastOutputAt: string | null = null;
    try {
      const log = statSync(path.join(dir, 'hosts', host, 'log'));
      if (log.size > 0) lastOutputAt = log.mtime.toISOString();
    } catch {
      // No log yet.
    }
    const { at: _at, ...rest } = state;
    live[host] = { ...rest, lastOutputAt };
  }
  return live;
}

/**
 * The release's own ssh_config for multi-host steps (`ssh -F`), e.g. one kept with the plans on
 * the bastion; default: the operator's ~/.ssh/config.
 */
export const SSH_CONFIG_ENV = 'RELEASE_COCKPIT_SSH_CONFIG';

export async function realRunner(env: NodeJS.ProcessEnv = process.env): Promise<RunnerPort> {
  const sshConfig = env[SSH_CONFIG_ENV] || undefined;
  return {
    async start(spec) {
      const record = await startAttempt({
        attemptDir: spec.dir,
        script: spec.script,
        env: spec.env,
        ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
        ...(spec.timeoutMs !== undefined ? { timeoutMs: spec.timeoutMs } : {}),
        ...(spec.hosts !== undefined ? { hosts: spec.hosts } : {}),
        ...(spec.remote !== undefined ? { remote: spec.remote } : {}),
        ...(spec.hosts && sshConfig ? { ssh: { configFile: sshConfig } } : {}),
      });
      return startedFrom(spec.dir, record);
    },
    async settleStart(dir, announcedBoot, waitMs) {
      const settled = await settleAttemptStart(dir, {
        announcedBoot,
        ...(waitMs !== undefined ? { waitMs } : {}),
      });
      return settled.state === 'started'
        ? { kind: 'started', started: startedFrom(dir, settled.pid) }
        : { kind: settled.state, reason: settled.reason };
    },
    async inspect(dir) {
      const seen = inspectAttempt(dir);
      switch (seen.state) {
        case 'running':
          return { kind: 'running' };
        case 'exited':
          return { kind: 'exited', ...finished(dir, seen.exit) };
        case 'vanished':
          return { kind: 'vanished', reason: seen.reason };
        default:
          return { kind: 'vanished', reason: 'the step wrapper never recorded its start' };
      }
    },
    async waitForExit(dir, _recorded, signal) {
      try {
        const result = await waitForExit(dir, { signal });
        return 'vanished' in result ? { vanished: result.vanished } : finished(dir, result);
      } catch (error) {
        if (signal.aborted) return null;
        throw error;
      }
    },
    async cancel(dir, _recorded, onSignal, graceMs, signal) {
      const journaled: Promise<void>[] = [];
      await cancelAttempt(dir, {
        ...(graceMs !== undefined ? { graceMs } : {}),
        ...(signal ? { signal } : {}),
        onSignal: (sig, where) => {
          journaled.push(Promise.resolve(onSignal(sig, where)));
        },
      });
      await Promise.all(journaled);
    },
    tail: (logPath, transform) => createLogTail(logPath, { transform }),
    hostStates: realHostStates,
    stopWaiting: stopWaitingForUnreachable,
    async runCaptured(script, options) {
      const result = await runCaptured(script, {
        env: options.env,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        timeoutMs: options.timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return { exitCode: result.exitCode, output: result.output, timedOut: result.timedOut };
    },
    warnings: () => {
      const warning = killUserProcessesWarning();
      return warning ? [warning] : [];
    },
  };
}

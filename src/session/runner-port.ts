// The process side of the session's ports (ports.ts RunnerPort) over src/runner.
import path from 'node:path';
import { startAttempt } from '../runner/start.js';
import type { RunnerPort } from './ports.js';
import {
  cancelFallback,
  inspectFallback,
  logindWarning,
  runCapturedFallback,
  tailFallback,
  waitForExitFallback,
} from './runner-fallback.js';

export async function realRunner(): Promise<RunnerPort> {
  return {
    async start(spec) {
      const record = await startAttempt({
        attemptDir: spec.dir,
        script: spec.script,
        env: spec.env,
        ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
        ...(spec.timeoutMs !== undefined ? { timeoutMs: spec.timeoutMs } : {}),
        ...(spec.hosts !== undefined ? { hosts: spec.hosts } : {}),
        ...(spec.concurrency !== undefined ? { concurrency: spec.concurrency } : {}),
        ...(spec.allowHostFailures !== undefined ? { allowHostFailures: spec.allowHostFailures } : {}),
      });
      return {
        pid: record.pid,
        pidStart: record.pidStart,
        bootId: record.bootId,
        logPath: path.join(spec.dir, 'log'),
        startedAt: record.startedAt || new Date().toISOString(),
      };
    },
    inspect: inspectFallback,
    waitForExit: waitForExitFallback,
    cancel: cancelFallback,
    tail: tailFallback,
    runCaptured: runCapturedFallback,
    warnings: () => {
      const warning = logindWarning();
      return warning ? [warning] : [];
    },
  };
}

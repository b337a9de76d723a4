// A gate is a check polled at its interval until it passes or its timeout runs out. The polls
// are short read-only commands run by the session itself (runCaptured), not detached: if the
// session ends, the poller ends with it, and the next session finds the gate's attempt with a
// dead poller and records it `unknown` (re-running a gate is always safe: it changes nothing).
// Its attempt is journaled like a command's, with the session's own pid as the process.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { commandDigest } from '../plan/digest.js';
import type { GateStep } from '../plan/schema.js';
import { bootId, processStartTime } from '../sys/proc.js';
import { attemptDirOf, parseDuration, type StepContext, sleep, stepCwd, stepEnvironment } from './context.js';

/** Output kept per poll in the journal: the tail end, where the verdict usually is. */
export const POLL_OUTPUT_CHARS = 500;

export async function startGate(ctx: StepContext, step: GateStep, attempt: number): Promise<void> {
  const dir = attemptDirOf(ctx, step.id, attempt);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const logPath = path.join(dir, 'log');
  const startedAt = new Date().toISOString();
  await ctx.append({
    type: 'step.started',
    step: step.id,
    data: {
      attempt,
      pid: process.pid,
      pidStart: processStartTime(process.pid) ?? '0',
      bootId: bootId(),
      logPath,
      commandDigest: commandDigest(step),
    },
  });
  ctx.localPollers.add(step.id);
  ctx.track(
    pollGate(ctx, step, attempt, dir, logPath, startedAt).finally(() => ctx.localPollers.delete(step.id)),
  );
}

async function pollGate(
  ctx: StepContext,
  step: GateStep,
  attempt: number,
  dir: string,
  logPath: string,
  startedAt: string,
): Promise<void> {
  const intervalMs = parseDuration(step.interval);
  const timeoutMs = parseDuration(step.timeout);
  const began = Date.now();
  const stop = ctx.stepSignal(step.id);
  let lastExit: number | null = null;
  for (let poll = 1; ; poll++) {
    if (ctx.signal.aborted || stop.aborted) return;
    const remaining = Math.max(1000, timeoutMs - (Date.now() - began));
    const result = await ctx.runner.runCaptured(step.run, {
      env: stepEnvironment(ctx, step, attempt, dir),
      cwd: stepCwd(ctx.values, step),
      timeoutMs: Math.min(remaining, Math.max(intervalMs, 1000) * 3),
    });
    if (ctx.signal.aborted || stop.aborted) return;
    const ok = result.exitCode === 0;
    lastExit = result.exitCode;
    const output = ctx.values.mask(result.output.trim());
    await appendFile(
      logPath,
      `── poll ${poll} ${new Date().toISOString()} exit ${result.exitCode ?? 'none'}\n${output}${output ? '\n' : ''}`,
      { mode: 0o600 },
    );
    await ctx.append({
      type: 'gate.polled',
      step: step.id,
      data: { attempt, poll, ok, exitCode: result.exitCode, output: output.slice(-POLL_OUTPUT_CHARS) },
    });
    const elapsed = Date.now() - began;
    if (ok || elapsed + intervalMs > timeoutMs) {
      await ctx.append({
        type: 'step.finished',
        step: step.id,
        data: {
          attempt,
          exitCode: ok ? 0 : lastExit,
          signal: null,
          durationMs: Date.now() - Date.parse(startedAt),
          timedOut: !ok,
        },
      });
      return;
    }
    if (!(await sleep(intervalMs, ctx.signal, stop))) return;
  }
}

// A gate is a check polled at its interval until it passes or its timeout runs out. The polls
// are short read-only commands run by the session itself (runCaptured), not detached: if the
// session ends, the poller ends with it, and the next session finds the gate's attempt with a
// dead poller and records it `unknown` (re-running a gate is always safe: it changes nothing).
// Its attempt is journaled like a command's, with the session's own pid as the process.
import { appendFile, type FileHandle, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { commandDigest } from '../plan/digest.js';
import type { GateStep } from '../plan/schema.js';
import { parseDuration } from '../plan/time-checks.js';
import { bootId, processStartTime } from '../sys/proc.js';
import { attemptDirOf, type StepContext, sleep, stepCwd, stepEnvironment, stepHosts } from './context.js';
import { remoteCwd, rollout } from './launch.js';

/** Output kept per poll in the journal: the tail end, where the verdict usually is. */
export const POLL_OUTPUT_CHARS = 500;
/** A poll may take this long at least (an ssh handshake on a busy bastion), within the gate's timeout. */
const POLL_TIMEOUT_FLOOR_MS = 30_000;

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
    const result = await pollOnce(
      ctx,
      step,
      attempt,
      dir,
      poll,
      Math.min(remaining, Math.max(intervalMs * 3, POLL_TIMEOUT_FLOOR_MS)),
    );
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

/** Output kept per host from a remote poll's logs. */
const HOST_OUTPUT_BYTES = 2048;

/**
 * One poll. Locally a captured run; on hosts a detached sub-attempt (attemptDir/polls/<n>) so
 * the runner's ssh fan-out applies (BatchMode, script on stdin, one log per host).
 */
async function pollOnce(
  ctx: StepContext,
  step: GateStep,
  attempt: number,
  dir: string,
  poll: number,
  timeoutMs: number,
): Promise<{ exitCode: number | null; output: string }> {
  const env = stepEnvironment(ctx, step, attempt, dir);
  const hosts = stepHosts(ctx.values, step);
  if (!hosts) {
    return ctx.runner.runCaptured(step.run, {
      env,
      cwd: stepCwd(ctx.values, step),
      timeoutMs,
      signal: AbortSignal.any([ctx.signal, ctx.stepSignal(step.id)]),
    });
  }
  const pollDir = path.join(dir, 'polls', String(poll));
  const remote = remoteCwd(hosts, stepCwd(ctx.values, step), step.run, env);
  const started = await ctx.runner.start({
    dir: pollDir,
    script: remote.script,
    env,
    cwd: remote.cwd,
    timeoutMs,
    hosts,
    remote: rollout(ctx, step, hosts.length),
  });
  const finished = await ctx.runner.waitForExit(pollDir, started, ctx.signal);
  if (finished === null) return { exitCode: null, output: '' };
  if ('vanished' in finished) return { exitCode: null, output: finished.vanished };
  const parts: string[] = [];
  for (const [host, result] of Object.entries(finished.hosts ?? {})) {
    parts.push(`[${host}] exit ${result.exitCode ?? 'none'}: ${(await tailOf(result.logPath)).trim()}`);
  }
  return { exitCode: finished.exit.exitCode, output: parts.join('\n') };
}

/** The last HOST_OUTPUT_BYTES of a host's log, read from the end (a chatty host costs no memory). */
async function tailOf(file: string): Promise<string> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, HOST_OUTPUT_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } catch {
    return '';
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

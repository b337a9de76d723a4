// A command step's attempts: start detached (launch.ts), wait for the exit record in
// the background, then record the outcome, keep the artifact, capture output, and schedule the
// plan's retries. The process never depends on this code staying alive: if the session ends,
// the next one learns the outcome from exit.json (resume.ts).
import { readFile, stat } from 'node:fs/promises';
import type { ExitRecord } from '../journal/paths.js';
import type { CommandStep } from '../plan/schema.js';
import { parseDuration } from '../plan/time-checks.js';
import { attemptDirOf, nextAttempt, type StepContext, sleep } from './context.js';
import { journalHostStates } from './host-states.js';
import { artifactLog, maskFailureLogs } from './kept-logs.js';
import { launchAttempt } from './launch.js';
import type { FinishedAttempt } from './ports.js';

/** Captured output is a value, not a log: a few KiB at most. */
export const CAPTURE_LIMIT_BYTES = 4096;

export async function startCommand(ctx: StepContext, step: CommandStep, attempt: number): Promise<void> {
  const started = await launchAttempt(ctx, { step, attempt, script: step.run });
  ctx.track(watchCommand(ctx, step, attempt, started));
}

/** Wait in the background for a running attempt (fresh or reattached), then record it. */
export async function watchCommand(
  ctx: StepContext,
  step: CommandStep,
  attempt: number,
  recorded: { pid: number; pidStart: string; bootId: string; startedAt: string; logPath: string },
): Promise<void> {
  const dir = attemptDirOf(ctx, step.id, attempt);
  const hosts = ctx.handle.state().steps[step.id]?.attempts.find((a) => a.attempt === attempt)?.hosts;
  const stopHostStates = hosts ? journalHostStates(ctx, step.id, attempt, dir) : null;
  const finished = await ctx.runner.waitForExit(dir, recorded, ctx.signal);
  await stopHostStates?.();
  if (finished === null || ctx.signal.aborted) return;
  if ('vanished' in finished) {
    await ctx.append({ type: 'step.unknown', step: step.id, data: { attempt, reason: finished.vanished } });
    return;
  }
  await recordCommandFinish(ctx, step, attempt, recorded, finished);
}

function durationOf(startedAt: string, exit: ExitRecord): number {
  const ms = Date.parse(exit.endedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : 0;
}

export async function appendFinished(
  ctx: StepContext,
  stepId: string,
  attempt: number,
  startedAt: string,
  finished: FinishedAttempt,
): Promise<void> {
  await ctx.append({
    type: 'step.finished',
    step: stepId,
    data: {
      attempt,
      exitCode: finished.exit.exitCode,
      signal: finished.exit.signal,
      durationMs: durationOf(startedAt, finished.exit),
      timedOut: finished.exit.timedOut,
      ...(finished.hosts ? { hosts: finished.hosts } : {}),
    },
  });
}

/** Outcome → journal, then the follow-ups the plan asks for (artifact, capture, retry). */
export async function recordCommandFinish(
  ctx: StepContext,
  step: CommandStep,
  attempt: number,
  recorded: { startedAt: string; logPath: string },
  finished: FinishedAttempt,
): Promise<void> {
  if (finished.unknown !== undefined) {
    // Some host's command left no exit record: never failed, never re-run; the operator decides.
    const reason = `outcome unknown on a host: ${ctx.values.mask(finished.unknown)}`;
    await ctx.append({ type: 'step.unknown', step: step.id, data: { attempt, reason } });
    return;
  }
  const failed =
    finished.exit.exitCode !== 0 ||
    Object.values(finished.hosts ?? {}).some((result) => result.exitCode !== 0);
  // Before the journal says failed: a report made from then on quotes the masked copies.
  if (failed) await maskFailureLogs(ctx, recorded.logPath, finished);
  await appendFinished(ctx, step.id, attempt, recorded.startedAt, finished);
  if (step.artifact) {
    const logPath = await artifactLog(ctx, recorded.logPath, finished);
    const bytes = await stat(logPath).then(
      (s) => s.size,
      () => 0,
    );
    await ctx.append({
      type: 'step.output',
      step: step.id,
      data: { attempt, logPath, bytes },
    });
  }
  if (ctx.cancelling.has(step.id)) return;
  const ok = finished.exit.exitCode === 0;
  if (ok && step.capture) await capture(ctx, step, recorded.logPath);
  if (!ok && step.retries && attempt <= step.retries.count) {
    const delayMs = parseDuration(step.retries.delay);
    await ctx.append({ type: 'step.retryScheduled', step: step.id, data: { attempt: attempt + 1, delayMs } });
    ctx.track(retryAfter(ctx, step, attempt + 1, delayMs));
  }
}

/** The plan's retry: wait the delay (abortable by cancel or close), then the next attempt. */
export async function retryAfter(
  ctx: StepContext,
  step: CommandStep,
  attempt: number,
  delayMs: number,
): Promise<void> {
  const waited = await sleep(delayMs, ctx.signal, ctx.stepSignal(step.id));
  if (!waited) return;
  const entry = ctx.handle.state().steps[step.id];
  // Someone decided meanwhile (mark done, skip, a manual re-run): the retry is moot.
  if (!entry?.retryScheduled || entry.status !== 'failed') return;
  await startCommand(ctx, step, Math.max(attempt, nextAttempt(ctx, step.id)));
}

async function capture(ctx: StepContext, step: CommandStep, logPath: string): Promise<void> {
  const name = step.capture as string;
  const problem = await captureValue(ctx, name, logPath);
  if (problem === null) return;
  await ctx.append({
    type: 'step.markedFailed',
    step: step.id,
    data: { note: `capture into ${name} failed: ${ctx.values.mask(problem)}` },
  });
}

/** Read the attempt's output into the variable; returns the problem, or null when stored. */
async function captureValue(ctx: StepContext, name: string, logPath: string): Promise<string | null> {
  let raw: Buffer;
  try {
    // Sized before it is read: a step that printed gigabytes costs no memory here.
    const { size } = await stat(logPath);
    if (size > CAPTURE_LIMIT_BYTES) {
      return `the output is ${size} bytes, more than the ${CAPTURE_LIMIT_BYTES} a captured value may hold`;
    }
    raw = await readFile(logPath);
  } catch {
    return 'the output log is missing';
  }
  if (raw.length > CAPTURE_LIMIT_BYTES) {
    return `the output is ${raw.length} bytes, more than the ${CAPTURE_LIMIT_BYTES} a captured value may hold`;
  }
  const value = raw.toString('utf8').trim();
  const error = ctx.values.set(name, value);
  if (error) return error;
  await ctx.append({
    type: 'variable.set',
    data: { name, value: ctx.values.journalValue(name, value), origin: 'capture' },
  });
  return null;
}

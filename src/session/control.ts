// Stopping a step and checking its effect: cancel escalation (each signal journaled, the real
// end recorded before the decision) and the step's verify command.
import { UserError } from '../errors.js';
import type { Step } from '../plan/schema.js';
import { attemptDirOf, type StepContext, stepCwd, stepEnvironment, stepHosts } from './context.js';
import { cancelGraceMs } from './launch.js';
import { latestAttempt, stepStatus } from './machine.js';
import { verifyOnHosts } from './verify-hosts.js';

const VERIFY_TIMEOUT_MS = 5 * 60_000;
/** How long cancel waits for the watcher to record the real end after the last signal. */
const SETTLE_MS = 10_000;

export async function cancelStep(
  ctx: StepContext,
  step: Step,
  until: (predicate: () => boolean) => Promise<void>,
): Promise<void> {
  if (isAnnounced(ctx, step.id)) {
    // Announced, its process not recorded yet (a start in flight): cancel it once it is.
    await Promise.race([
      until(() => !isAnnounced(ctx, step.id)),
      new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref()),
    ]);
    if (isAnnounced(ctx, step.id))
      throw new UserError(`step ${step.id} is still starting: cancel it again in a moment`);
  }
  const entry = ctx.handle.state().steps[step.id];
  const attempt = latestAttempt(entry);
  if (!entry || !attempt) throw new UserError(`step ${step.id} is not running`);
  const cancelled = () =>
    ctx.append({ type: 'step.cancelled', step: step.id, data: { attempt: attempt.attempt } });
  if (entry.status === 'failed' && entry.retryScheduled) {
    ctx.abortStep(step.id);
    await cancelled();
    return;
  }
  if (entry.status !== 'running') throw new UserError(`step ${step.id} is not running`);
  ctx.cancelling.add(step.id);
  ctx.abortStep(step.id);
  if (step.kind !== 'gate') {
    await ctx.runner.cancel(
      attemptDirOf(ctx, step.id, attempt.attempt),
      attempt,
      (signal, where) =>
        ctx.append({
          type: 'step.signalled',
          step: step.id,
          data: { attempt: attempt.attempt, signal, ...where },
        }),
      cancelGraceMs(step),
      // A host out of reach gets the cancel once it is back: until then this waits (the host's
      // line says "cancel queued") and the step stays running, as it is.
      ctx.signal,
    );
    // Closed meanwhile: the step runs on, the cancel stays asked for; nothing is decided here.
    if (ctx.signal.aborted) return;
    // The watcher records the real exit first; then the decision.
    await Promise.race([
      until(() => stepStatus(ctx.handle.state(), step.id) !== 'running'),
      new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref()),
    ]);
  }
  await cancelled();
}

/** The step's latest attempt is running but only announced (step.starting, no process yet). */
function isAnnounced(ctx: StepContext, stepId: string): boolean {
  const entry = ctx.handle.state().steps[stepId];
  return entry?.status === 'running' && latestAttempt(entry)?.pid === 0;
}

/**
 * Run the step's verify command (exit 0: its effect is in place) and journal the result. A step
 * with hosts verifies on each of its hosts (verify-hosts.ts), each host's outcome journaled.
 */
export async function verifyStep(ctx: StepContext, step: Step): Promise<number | null> {
  if (step.kind !== 'command' || !step.verify) throw new UserError(`step ${step.id} has no verify command`);
  const attempt = latestAttempt(ctx.handle.state().steps[step.id])?.attempt ?? 0;
  const dir = attemptDirOf(ctx, step.id, Math.max(attempt, 1));
  const env = stepEnvironment(ctx, step, attempt, dir);
  const hosts = stepHosts(ctx.values, step);
  if (hosts && hosts.length > 0) {
    const verified = await verifyOnHosts(
      ctx,
      { ...step, verify: step.verify },
      hosts,
      dir,
      env,
      VERIFY_TIMEOUT_MS,
    );
    await ctx.append({
      type: 'step.verified',
      step: step.id,
      data: { attempt, exitCode: verified.exitCode, hosts: verified.hosts },
    });
    return verified.exitCode;
  }
  const result = await ctx.runner.runCaptured(step.verify, {
    env,
    cwd: stepCwd(ctx.values, step),
    timeoutMs: VERIFY_TIMEOUT_MS,
  });
  await ctx.append({ type: 'step.verified', step: step.id, data: { attempt, exitCode: result.exitCode } });
  return result.exitCode;
}

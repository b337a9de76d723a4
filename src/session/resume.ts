// At open (writer): every step the journal says is `running` is checked against the disk (one
// announced but never confirmed started is settled first: settleAnnounced).
// Alive with the same start time → reattach (watch it in the background); exit record present →
// record the real outcome; neither → `unknown`, for the operator to decide. Nothing is re-run.
// Then the summary of what happened while no one watched.
import type { ResumeMarks } from '../journal/folds.js';
import type { AttemptState, RunState } from '../journal/state-types.js';
import { findStep } from '../plan/outline.js';
import { recordCommandFinish, retryAfter, watchCommand } from './command.js';
import { attemptDirOf, type StepContext } from './context.js';
import { appendStarted, appendUnstarted } from './launch.js';
import { latestAttempt } from './machine.js';
import { watchMessage } from './message.js';
import type { ResumeSummary } from './types.js';

export async function reconcileRunning(ctx: StepContext): Promise<void> {
  const state = ctx.handle.state();
  for (const entry of Object.values(state.steps)) {
    if (entry.status !== 'running') continue;
    let attempt = latestAttempt(entry);
    const ref = findStep(ctx.plan, entry.id);
    if (!attempt) continue;
    if (attempt.pid === 0) {
      // Announced, never confirmed: the last session died while starting it.
      if (!(await settleAnnounced(ctx, entry.id, attempt))) continue;
      attempt = latestAttempt(ctx.handle.state().steps[entry.id]);
      if (!attempt) continue;
    }
    const recorded = {
      pid: attempt.pid,
      pidStart: attempt.pidStart,
      bootId: attempt.bootId,
      startedAt: attempt.startedAt,
      logPath: attempt.logPath,
    };
    if (!ref || ref.step.kind === 'gate') {
      // A gate's poller was the previous session itself (or the step left the plan).
      await ctx.append({
        type: 'step.unknown',
        step: entry.id,
        data: {
          attempt: attempt.attempt,
          reason: ref ? 'the gate poller ended with its session; poll again' : 'the step left the plan',
        },
      });
      continue;
    }
    const step = ref.step;
    const dir = attemptDirOf(ctx, entry.id, attempt.attempt);
    const seen = await ctx.runner.inspect(dir, recorded);
    if (seen.kind === 'running') {
      if (step.kind === 'command') ctx.track(watchCommand(ctx, step, attempt.attempt, recorded));
      else if (step.kind === 'message') ctx.track(watchMessage(ctx, step, attempt.attempt, recorded));
    } else if (seen.kind === 'exited') {
      const finished = {
        exit: seen.exit,
        ...(seen.hosts ? { hosts: seen.hosts } : {}),
        ...(seen.unknown !== undefined ? { unknown: seen.unknown } : {}),
      };
      if (step.kind === 'command') await recordCommandFinish(ctx, step, attempt.attempt, recorded, finished);
      else if (step.kind === 'message') {
        // Same path as a live finish: the watcher sees exit.json at once.
        await watchMessage(ctx, step, attempt.attempt, recorded);
      }
    } else {
      await ctx.append({
        type: 'step.unknown',
        step: entry.id,
        data: { attempt: attempt.attempt, reason: seen.reason },
      });
    }
  }
}

/**
 * An attempt journaled as starting but never as started: record its process when it did start
 * (then it is reconciled like any running step), or what provably happened instead.
 * True when it started.
 */
async function settleAnnounced(ctx: StepContext, stepId: string, attempt: AttemptState): Promise<boolean> {
  const dir = attemptDirOf(ctx, stepId, attempt.attempt);
  const settled = await ctx.runner.settleStart(dir, attempt.bootId);
  if (settled.kind === 'started') {
    await appendStarted(
      ctx,
      stepId,
      attempt.attempt,
      settled.started,
      attempt.commandDigest,
      attempt.hosts ?? undefined,
    );
    return true;
  }
  await appendUnstarted(ctx, stepId, attempt.attempt, settled);
  return false;
}

/** Retries the plan scheduled before the last session ended continue at their time. */
export function resumeRetries(ctx: StepContext): void {
  const state = ctx.handle.state();
  for (const entry of Object.values(state.steps)) {
    const scheduled = entry.retryScheduled;
    if (!scheduled || entry.status !== 'failed') continue;
    const ref = findStep(ctx.plan, entry.id);
    if (ref?.step.kind !== 'command') continue;
    const due = Date.parse(scheduled.at) + scheduled.delayMs - Date.now();
    ctx.track(retryAfter(ctx, ref.step, scheduled.attempt, Math.max(0, due)));
  }
}

/** What changed between `before` (the state as left) and now, plus others' events meanwhile. */
export function buildResumeSummary(
  before: RunState,
  after: RunState,
  marks: ResumeMarks,
): ResumeSummary | null {
  const planChanged = marks.planChangedSinceLock;
  const summary: ResumeSummary = {
    since: marks.leftAt ?? before.lastEventAt,
    finished: [],
    running: [],
    unknown: [],
    otherEvents: marks.eventsSinceLeft,
    planChanged,
  };
  for (const [id, was] of Object.entries(before.steps)) {
    if (was.status !== 'running') continue;
    const now = after.steps[id];
    if (!now) continue;
    const attempt = latestAttempt(now);
    if (now.status === 'running' && attempt) {
      summary.running.push({ stepId: id, attempt: attempt.attempt, startedAt: attempt.startedAt });
    } else if (now.status === 'unknown') {
      summary.unknown.push({ stepId: id, attempt: attempt?.attempt ?? 0 });
    } else {
      // A note written with the outcome (a start that never ran says so) goes with it.
      const note = now.notes.length > was.notes.length ? now.notes.at(-1)?.text : undefined;
      summary.finished.push({
        stepId: id,
        status: now.status,
        exitCode: now.exitCode,
        ...(note ? { note } : {}),
      });
    }
  }
  const empty =
    summary.finished.length + summary.running.length + summary.unknown.length + summary.otherEvents === 0;
  return empty && !planChanged ? null : summary;
}

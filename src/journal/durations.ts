// How long a run's steps took to complete: the samples behind the cockpit's "expected"
// durations and the schedule's p50/p90 (schedule/history.ts). Here, beside the state, because
// the run's snapshot keeps them too, so other runs' durations are read without their journals.
import type { RunState, StepState } from './state-types.js';

/** A settled step's duration: its successful attempt's, else from start to end. */
export function completionDurations(step: StepState): number[] {
  const out: number[] = [];
  for (const attempt of step.attempts) {
    if (attempt.exitCode === 0 && !attempt.timedOut && attempt.durationMs !== null)
      out.push(attempt.durationMs);
  }
  if (
    out.length === 0 &&
    (step.status === 'done' || step.status === 'succeeded') &&
    step.startedAt &&
    step.endedAt
  ) {
    const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt);
    if (Number.isFinite(ms) && ms >= 0) out.push(ms);
  }
  return out;
}

/** Step id → its completion durations, for the steps that have any. */
export function stepDurations(state: RunState): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const step of Object.values(state.steps)) {
    const list = completionDurations(step);
    if (list.length) out[step.id] = list;
  }
  return out;
}

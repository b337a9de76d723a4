// How long each step took in the plan's earlier runs (rehearsals): the samples behind the
// cockpit's "expected" durations, the schedule's p50/p90 and the report's timeline. Runs with
// the same plan digest come first: when at least one such run exists, only those count;
// otherwise every run of the same plan id. A damaged neighbour run is simply not counted; a
// long one is read from its checkpoint (journal/glance.ts).
import { glanceRunState } from '../journal/glance.js';
import { runDir } from '../journal/paths.js';
import { listRunNames } from '../journal/runs.js';
import type { RunState, StepState } from '../journal/state-types.js';

export interface DurationHistory {
  /** step id → durations in ms of its successful completions, one per run attempt. */
  samples: Map<string, number[]>;
  /** The runs the samples came from. */
  runs: string[];
  basis: 'digest' | 'id' | 'none';
}

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

/** Samples from states already folded (pure; historyFor reads them from disk). */
export function historyFromStates(
  runs: { run: string; state: RunState }[],
  planSha256: string | null,
): DurationHistory {
  const same = planSha256 ? runs.filter((entry) => entry.state.planSha256 === planSha256) : [];
  const chosen = same.length > 0 ? same : runs;
  const samples = new Map<string, number[]>();
  for (const { state } of chosen) {
    for (const step of Object.values(state.steps)) {
      const list = completionDurations(step);
      if (list.length) samples.set(step.id, [...(samples.get(step.id) ?? []), ...list]);
    }
  }
  return {
    samples,
    runs: chosen.map((entry) => entry.run),
    basis: chosen.length === 0 ? 'none' : same.length > 0 ? 'digest' : 'id',
  };
}

export function historyFor(
  stateDir: string,
  planId: string,
  thisRun: string,
  planSha256: string | null,
): DurationHistory {
  const runs: { run: string; state: RunState }[] = [];
  for (const run of listRunNames(stateDir, planId)) {
    if (run === thisRun) continue;
    try {
      runs.push({ run, state: glanceRunState(runDir(stateDir, planId, run)) });
    } catch {
      // not counted
    }
  }
  return historyFromStates(runs, planSha256);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

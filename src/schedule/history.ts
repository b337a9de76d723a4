// How long each step took in the plan's earlier runs (rehearsals): the samples behind the
// cockpit's "expected" durations, the schedule's p50/p90 and the report's timeline. Runs with
// the same plan digest come first: when at least one such run exists, only those count;
// otherwise every run of the same plan id. A damaged neighbour run is simply not counted. Each
// run's durations come from its snapshot when current (no journal read), else from its
// checkpoint and the lines after it (journal/glance.ts).
import { stepDurations } from '../journal/durations.js';
import { glanceRunState } from '../journal/glance.js';
import { lastRecordSeq } from '../journal/journal.js';
import { journalPath, runDir } from '../journal/paths.js';
import { listRunNames } from '../journal/runs.js';
import { currentSnapshot } from '../journal/snapshot.js';
import type { RunState } from '../journal/state-types.js';

export interface DurationHistory {
  /** step id → durations in ms of its successful completions, one per run attempt. */
  samples: Map<string, number[]>;
  /** The runs the samples came from. */
  runs: string[];
  basis: 'digest' | 'id' | 'none';
}

/** Samples from states already folded (pure; historyFor reads them from disk). */
export function historyFromStates(
  runs: { run: string; state: RunState }[],
  planSha256: string | null,
): DurationHistory {
  return historyFromDurations(
    runs.map(({ run, state }) => ({ run, planSha256: state.planSha256, durations: stepDurations(state) })),
    planSha256,
  );
}

/** The same from each run's durations by step (a snapshot's summary holds them). */
function historyFromDurations(
  runs: { run: string; planSha256: string; durations: Record<string, number[]> }[],
  planSha256: string | null,
): DurationHistory {
  const same = planSha256 ? runs.filter((entry) => entry.planSha256 === planSha256) : [];
  const chosen = same.length > 0 ? same : runs;
  const samples = new Map<string, number[]>();
  for (const { durations } of chosen) {
    for (const [id, list] of Object.entries(durations)) {
      if (list.length) samples.set(id, [...(samples.get(id) ?? []), ...list]);
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
  const runs: { run: string; planSha256: string; durations: Record<string, number[]> }[] = [];
  for (const run of listRunNames(stateDir, planId)) {
    if (run === thisRun) continue;
    const dir = runDir(stateDir, planId, run);
    // The snapshot's summary when it is as new as the journal: a few KB, not the run's journal.
    const snapshot = currentSnapshot(dir, lastRecordSeq(journalPath(dir)));
    if (snapshot?.summary?.durations) {
      runs.push({ run, planSha256: snapshot.planSha256, durations: snapshot.summary.durations });
      continue;
    }
    try {
      const state = glanceRunState(dir);
      runs.push({ run, planSha256: state.planSha256, durations: stepDurations(state) });
    } catch {
      // not counted
    }
  }
  return historyFromDurations(runs, planSha256);
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

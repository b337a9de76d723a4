// How long a step usually takes: the median successful duration of the same step in the
// plan's OTHER runs in this state directory (the rehearsal informs production). Read once, on
// first use; a damaged neighbour run is simply not counted.
import { loadJournal } from '../journal/journal.js';
import { journalPath, runDir } from '../journal/paths.js';
import { stateFolder } from '../journal/reducer.js';
import { listRunNames } from '../journal/run-store.js';
import type { RunState } from '../journal/state-types.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function expectedDurations(stateDir: string, planId: string, thisRun: string): Map<string, number> {
  const samples = new Map<string, number[]>();
  for (const run of listRunNames(stateDir, planId)) {
    if (run === thisRun) continue;
    let steps: RunState['steps'];
    try {
      // Folded as it is read: a long rehearsal's records are never all held at once.
      const folder = stateFolder();
      loadJournal(journalPath(runDir(stateDir, planId, run)), {
        repair: false,
        onRecord: folder.add,
        keep: false,
      });
      steps = folder.state().steps;
    } catch {
      continue;
    }
    for (const step of Object.values(steps)) {
      for (const attempt of step.attempts) {
        if (attempt.exitCode !== 0 || attempt.timedOut || attempt.durationMs === null) continue;
        const list = samples.get(step.id) ?? [];
        list.push(attempt.durationMs);
        samples.set(step.id, list);
      }
    }
  }
  return new Map([...samples].map(([id, list]) => [id, median(list)]));
}

// How long a step usually takes: the median duration of the same step in the plan's OTHER
// runs in this state directory (the rehearsal informs production), from the runs with the same
// plan digest when there are any (schedule/history.ts). Read once, on first use.
import { historyFor, median } from '../schedule/history.js';

export function expectedDurations(
  stateDir: string,
  planId: string,
  thisRun: string,
  planSha256: string | null = null,
): Map<string, number> {
  const { samples } = historyFor(stateDir, planId, thisRun, planSha256);
  return new Map([...samples].map(([id, list]) => [id, median(list)]));
}

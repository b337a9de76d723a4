// Step digests as the journal records them: the plan loader's (src/plan/digest.ts), so the
// session's step.started commandDigest and our reconciliation agree.
import { commandDigest, stepDigest, stepDigests } from '../plan/digest.js';
import { listSteps } from '../plan/outline.js';
import type { Plan } from '../plan/schema.js';

export { commandDigest, stepDigest };

export function planStepDigests(plan: Plan): Record<string, string> {
  return stepDigests(listSteps(plan).map((ref) => ref.step));
}

/** Ids of the steps on the plan's rollback path (progress counts the path the run is on). */
export function planRollbackSteps(plan: Plan): string[] {
  return listSteps(plan)
    .filter((ref) => ref.path === 'rollback')
    .map((ref) => ref.step.id);
}

// Step digests as the journal records them: the plan loader's (src/plan/digest.ts), so the
// session's step.started commandDigest and our reconciliation agree.
import { commandDigest, stepDigest, stepDigests } from '../plan/digest.js';
import { listSteps } from '../plan/outline.js';
import type { Plan } from '../plan/schema.js';

export { commandDigest, stepDigest };

export function planStepDigests(plan: Plan): Record<string, string> {
  return stepDigests(listSteps(plan).map((ref) => ref.step));
}

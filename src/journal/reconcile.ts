// The plan may change between sessions: compare what the run recorded (plan sha256 and one
// digest per step) with the plan as it is now, by step id.
import { listSteps } from '../plan/outline.js';
import type { Plan } from '../plan/schema.js';
import type { EventData, PlanChangeSummary } from './events.js';
import { commandDigest, planRollbackSteps, planStepDigests } from './plan-digest.js';
import type { RunState } from './state-types.js';

export interface PlanReconciliation extends PlanChangeSummary {
  /** Nothing to record: same sha256. */
  same: boolean;
  stepDigests: Record<string, string>;
  rollbackSteps: string[];
}

export function reconcilePlan(state: RunState, plan: Plan, planSha256: string): PlanReconciliation {
  const stepDigests = planStepDigests(plan);
  const rollbackSteps = planRollbackSteps(plan);
  if (state.planSha256 === planSha256)
    return { same: true, added: [], removed: [], changed: [], stepDigests, rollbackSteps };
  const recorded = state.stepDigests;
  const added = Object.keys(stepDigests).filter((id) => !(id in recorded));
  const removed = Object.keys(recorded).filter((id) => !(id in stepDigests));
  const changed: PlanChangeSummary['changed'] = [];
  for (const ref of listSteps(plan)) {
    const id = ref.step.id;
    const before = recorded[id];
    if (before === undefined || before === stepDigests[id]) continue;
    const lastAttempt = state.steps[id]?.attempts.at(-1);
    // Flag a changed command only where it matters: the step already ran the old one.
    const commandChanged = lastAttempt !== undefined && lastAttempt.commandDigest !== commandDigest(ref.step);
    changed.push({ id, commandChanged });
  }
  return { same: false, added, removed, changed, stepDigests, rollbackSteps };
}

/** The plan.changed event data for a reconciliation. */
export function planChangedEvent(
  state: RunState,
  reconciliation: PlanReconciliation,
  planPath: string,
  planSha256: string,
): EventData['plan.changed'] {
  return {
    fromSha256: state.planSha256,
    toSha256: planSha256,
    planPath,
    stepDigests: reconciliation.stepDigests,
    rollbackSteps: reconciliation.rollbackSteps,
    added: reconciliation.added,
    removed: reconciliation.removed,
    changed: reconciliation.changed,
  };
}

/** One line for the operator: "plan changed since the last session: 1 added (x), 1 removed (y), …". */
export function describePlanChange(change: PlanChangeSummary): string {
  const parts: string[] = [];
  if (change.added.length) parts.push(`${change.added.length} added (${change.added.join(', ')})`);
  if (change.removed.length) parts.push(`${change.removed.length} removed (${change.removed.join(', ')})`);
  const commands = change.changed.filter((item) => item.commandChanged).map((item) => item.id);
  const others = change.changed.filter((item) => !item.commandChanged).map((item) => item.id);
  if (commands.length) parts.push(`command changed after it ran: ${commands.join(', ')}`);
  if (others.length) parts.push(`${others.length} changed (${others.join(', ')})`);
  return `the plan changed since the run last saw it: ${parts.length ? parts.join('; ') : 'no step changed'}`;
}

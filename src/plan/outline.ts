// The plan as one ordered list of steps: the main path (phases in order) then the rollback
// path. Everything that walks a plan (journal reconciliation, runner, UI, report) uses this.
import type { Phase, Plan, Step } from './schema.js';

export const ROLLBACK_PHASE_ID = 'rollback';

export interface StepRef {
  step: Step;
  /** The phase id, or ROLLBACK_PHASE_ID for rollback steps. */
  phaseId: string;
  path: 'main' | 'rollback';
  /** Position in the whole outline. */
  index: number;
}

export function listSteps(plan: Plan): StepRef[] {
  const refs: StepRef[] = [];
  for (const phase of plan.phases) {
    for (const step of phase.steps) refs.push({ step, phaseId: phase.id, path: 'main', index: refs.length });
  }
  for (const step of plan.rollback?.steps ?? []) {
    refs.push({ step, phaseId: ROLLBACK_PHASE_ID, path: 'rollback', index: refs.length });
  }
  return refs;
}

export function findStep(plan: Plan, stepId: string): StepRef | undefined {
  return listSteps(plan).find((ref) => ref.step.id === stepId);
}

export function findPhase(plan: Plan, phaseId: string): Phase | undefined {
  return plan.phases.find((phase) => phase.id === phaseId);
}

// The steps pane as data: phase headers and step rows (main path, then the rollback section),
// the step the release is at, progress, and the visible window of a long list.
import type { RunState, StepStatus } from '../../journal/state-types.js';
import { listSteps, ROLLBACK_PHASE_ID, type StepRef } from '../../plan/outline.js';
import type { Plan } from '../../plan/schema.js';
import { type DueMark, dueMark, windowContains } from './time.js';

export type Row =
  | {
      kind: 'phase';
      id: string;
      title: string;
      window: string | null;
      path: 'main' | 'rollback';
      current: boolean;
      done: number;
      total: number;
    }
  | { kind: 'step'; ref: StepRef; status: StepStatus; due: DueMark; frozen: boolean; signoff: SignoffMark };

/** A step's sign-off by role (plan `signoff:`): still to be given, given, or none needed. */
export type SignoffMark = 'pending' | 'given' | null;

const FINISHED: ReadonlySet<StepStatus> = new Set(['succeeded', 'done', 'skipped']);

export function isFinished(status: StepStatus): boolean {
  return FINISHED.has(status);
}

export function statusOf(state: RunState, stepId: string): StepStatus {
  return state.steps[stepId]?.status ?? 'pending';
}

export function activePath(state: RunState): 'main' | 'rollback' {
  return state.rollback ? 'rollback' : 'main';
}

export function buildRows(
  plan: Plan,
  state: RunState,
  today: number | null,
  signoffs: Record<string, { pending: boolean }> = {},
): Row[] {
  const refs = listSteps(plan);
  const path = activePath(state);
  const rows: Row[] = [];
  const phases = [
    ...plan.phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      window: phase.window as string | null,
      path: 'main' as const,
    })),
    ...(plan.rollback
      ? [{ id: ROLLBACK_PHASE_ID, title: plan.rollback.title, window: null, path: 'rollback' as const }]
      : []),
  ];
  for (const phase of phases) {
    const steps = refs.filter((ref) => ref.phaseId === phase.id && ref.path === phase.path);
    const statuses = steps.map((ref) => statusOf(state, ref.step.id));
    rows.push({
      kind: 'phase',
      ...phase,
      current: phase.window ? windowContains(phase.window, today) : path === 'rollback',
      done: statuses.filter(isFinished).length,
      total: steps.length,
    });
    steps.forEach((ref, i) => {
      const status = statuses[i] as StepStatus;
      rows.push({
        kind: 'step',
        ref,
        status,
        due: dueMark(ref.step.due, today, isFinished(status), phase.window),
        frozen: path === 'rollback' && ref.path === 'main' && !isFinished(status),
        signoff: signoffMark(signoffs[ref.step.id]),
      });
    });
  }
  return rows;
}

function signoffMark(status: { pending: boolean } | undefined): SignoffMark {
  if (!status) return null;
  return status.pending ? 'pending' : 'given';
}

/** Progress along the active path: finished steps / steps. */
export function progress(plan: Plan, state: RunState): { done: number; total: number } {
  const path = activePath(state);
  const refs = listSteps(plan).filter((ref) => ref.path === path);
  return { done: refs.filter((ref) => isFinished(statusOf(state, ref.step.id))).length, total: refs.length };
}

/** Where the release stands: a running step, else the first unfinished step on the active path. */
export function currentStepId(plan: Plan, state: RunState): string | null {
  const refs = listSteps(plan).filter((ref) => ref.path === activePath(state));
  const running = refs.find((ref) => statusOf(state, ref.step.id) === 'running');
  if (running) return running.step.id;
  const next = refs.find((ref) => !isFinished(statusOf(state, ref.step.id)));
  return (next ?? refs[refs.length - 1])?.step.id ?? null;
}

export function runningStepIds(state: RunState): string[] {
  return Object.values(state.steps)
    .filter((step) => step.status === 'running')
    .map((step) => step.id);
}

/** First row to show so that `selected` stays visible, moving the window as little as possible. */
export function windowStart(total: number, selected: number, height: number, previous: number): number {
  if (total <= height) return 0;
  const margin = Math.min(2, Math.floor((height - 1) / 2));
  let start = previous;
  if (selected - margin < start) start = selected - margin;
  if (selected + margin >= start + height) start = selected + margin - height + 1;
  return Math.max(0, Math.min(start, total - height));
}

// The step state machine as pure rules over RunState: which operator action is allowed from
// which status, and what the next thing to do on the plan's path is. No I/O here: open.ts and
// headless.ts ask these questions and act.
import type { RunState, StepState, StepStatus } from '../journal/state-types.js';
import { listSteps, type StepRef } from '../plan/outline.js';
import type { Plan, Step } from '../plan/schema.js';
import { stepVariables } from './values.js';

/** Statuses from which a step counts as settled: the path moves on past it. */
export const SETTLED: ReadonlySet<StepStatus> = new Set(['succeeded', 'done', 'skipped']);

export function stepStatus(state: RunState, stepId: string): StepStatus {
  return state.steps[stepId]?.status ?? 'pending';
}

export function latestAttempt(step: StepState | undefined) {
  return step?.attempts[step.attempts.length - 1];
}

/** Why `start` must refuse, or null when the step may start now. */
export function startRefusal(step: Step, status: StepStatus): string | null {
  if (step.kind !== 'command' && step.kind !== 'gate' && step.kind !== 'message') {
    return `step ${step.id} is a ${step.kind} step: it is not started, it is ${
      step.kind === 'manual' ? 'confirmed item by item' : step.kind === 'prompt' ? 'answered' : 'read'
    }`;
  }
  switch (status) {
    case 'pending':
    case 'failed':
    case 'cancelled':
      return null;
    case 'running':
      return `step ${step.id} is already running`;
    case 'unknown':
      return `step ${step.id} has an unknown outcome: re-run, mark done or mark failed first`;
    default:
      return `step ${step.id} is already ${status}`;
  }
}

/** Whether the operator may still record a decision (done/failed/skip) on a step. */
export function decisionRefusal(stepId: string, status: StepStatus): string | null {
  if (status === 'running') return `step ${stepId} is running: cancel it first`;
  return null;
}

/**
 * The steps on the path the release follows now: the main path, or — once a rollback is
 * decided — the rollback path alone (what is left of the main path no longer applies).
 */
export function activePath(plan: Plan, state: RunState): StepRef[] {
  const path = state.rollback ? 'rollback' : 'main';
  return listSteps(plan).filter((ref) => ref.path === path);
}

export type NextAction =
  | { kind: 'finished' }
  | { kind: 'wait'; ref: StepRef }
  | { kind: 'run'; ref: StepRef }
  | { kind: 'auto-done'; ref: StepRef; note: string }
  | { kind: 'needs-person'; ref: StepRef; need: string }
  | { kind: 'failed'; ref: StepRef; need: string };

/**
 * What an unattended driver does next: the first step on the path that is not settled
 * decides. `hasValue` tells whether a variable has a usable value (for prompt steps answered
 * with --var).
 */
export function nextAction(
  plan: Plan,
  state: RunState,
  hasValue: (name: string) => boolean,
  /** Why the step must wait for a sign-off by role, or null (src/team/signoff.ts). */
  awaitsSignoff: (stepId: string) => string | null = () => null,
): NextAction {
  for (const ref of activePath(plan, state)) {
    const step = ref.step;
    const entry = state.steps[step.id];
    const status = entry?.status ?? 'pending';
    if (SETTLED.has(status)) continue;
    if (status === 'running') return { kind: 'wait', ref };
    const signoff = status === 'unknown' ? null : awaitsSignoff(step.id);
    if (signoff) return { kind: 'needs-person', ref, need: `a sign-off: ${signoff}` };
    if (status === 'unknown') {
      return {
        kind: 'needs-person',
        ref,
        need: 'a decision: its outcome is unknown (re-run, mark done or mark failed)',
      };
    }
    if (status === 'failed') {
      if (entry?.retryScheduled) return { kind: 'wait', ref };
      return { kind: 'failed', ref, need: `${failureText(entry)}: re-run it, mark it done or skip it` };
    }
    if (status === 'cancelled') {
      return {
        kind: 'needs-person',
        ref,
        need: 'a decision: it was cancelled (re-run it, mark it done or skip it)',
      };
    }
    switch (step.kind) {
      case 'manual':
        return {
          kind: 'needs-person',
          ref,
          need: `a person to confirm ${step.items.length - (entry?.confirmedItems.length ?? 0)} checklist item(s)`,
        };
      case 'prompt':
        if (hasValue(step.variable)) return { kind: 'auto-done', ref, note: `${step.variable} already set` };
        return { kind: 'needs-person', ref, need: `a person to enter ${step.variable}` };
      case 'note':
        return { kind: 'auto-done', ref, note: 'read by the headless run' };
      default: {
        if (step.kind === 'command' && step.confirm) {
          return { kind: 'needs-person', ref, need: `typed confirmation "${step.confirm}"` };
        }
        const missing = stepVariables(plan, step).filter((name) => !hasValue(name));
        if (missing.length > 0)
          return { kind: 'needs-person', ref, need: `a value for ${missing.join(', ')}` };
        return { kind: 'run', ref };
      }
    }
  }
  return { kind: 'finished' };
}

function failureText(entry: StepState | undefined): string {
  const last = entry?.notes[entry.notes.length - 1];
  if (entry?.exitCode === 0 && last) return `was marked failed (${last.text})`;
  const attempt = latestAttempt(entry);
  if (attempt?.timedOut) return 'timed out';
  const exit = entry?.exitCode;
  return exit === null || exit === undefined ? 'failed' : `failed with exit code ${exit}`;
}

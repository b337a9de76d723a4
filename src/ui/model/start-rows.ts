// The start screen's list: plans, then runs (newest activity first); or, for one plan, its
// runs and a "new run" row.
import type { PlanEntry, RunEntry } from '../services.js';

export type StartRow =
  | { kind: 'section'; title: 'plans' | 'runs' }
  | { kind: 'plan'; entry: PlanEntry }
  | { kind: 'run'; entry: RunEntry; plan: PlanEntry | null }
  | { kind: 'new'; plan: PlanEntry }
  | { kind: 'empty'; what: 'plans' | 'runs' };

export function planForRun(plans: readonly PlanEntry[], run: RunEntry): PlanEntry | null {
  return (
    plans.find((p) => run.planPath !== null && p.path === run.planPath) ??
    plans.find((p) => p.plan?.id === run.planId) ??
    null
  );
}

export function buildStartRows(
  plans: readonly PlanEntry[],
  runs: readonly RunEntry[],
  only: PlanEntry | null,
): StartRow[] {
  if (only) {
    const id = only.plan?.id;
    const mine = runs.filter((run) => run.planId === id);
    return [
      { kind: 'section', title: 'runs' },
      ...mine.map((entry): StartRow => ({ kind: 'run', entry, plan: only })),
      { kind: 'new', plan: only },
    ];
  }
  return [
    { kind: 'section', title: 'plans' },
    ...(plans.length
      ? plans.map((entry): StartRow => ({ kind: 'plan', entry }))
      : [{ kind: 'empty' as const, what: 'plans' as const }]),
    { kind: 'section', title: 'runs' },
    ...(runs.length
      ? runs.map((entry): StartRow => ({ kind: 'run', entry, plan: planForRun(plans, entry) }))
      : [{ kind: 'empty' as const, what: 'runs' as const }]),
  ];
}

export function isSelectable(row: StartRow): boolean {
  return row.kind === 'plan' || row.kind === 'run' || row.kind === 'new';
}

// The agenda: across the runs of a state directory, the steps whose T-window holds today (or
// the next days), and those overdue — with their roles and state, for a person or a calendar
// feed. Pure: runs, plans and "now" come in; `agenda` (commands/agenda.ts) reads them.
import { FINISHED_OK } from '../journal/reducer.js';
import type { RunState, StepStatus } from '../journal/state-types.js';
import type { Plan, Step } from '../plan/schema.js';
import { offsetDay } from '../plan/time-checks.js';
import { pendingLine, type RoleHolders, signoffStatus } from '../team/signoff.js';
import { dayFromT0, parseT0, type T0 } from './clock.js';

export interface AgendaRun {
  planId: string;
  run: string;
  plan: Plan;
  state: RunState;
  holders: RoleHolders;
}

export interface AgendaItem {
  planId: string;
  run: string;
  phase: string;
  step: string;
  title: string;
  kind: Step['kind'];
  /** 'overdue': its window ended before today; 'due': it holds today; 'upcoming': within --days. */
  when: 'overdue' | 'due' | 'upcoming';
  /** The step's window relative to T0 (its `due`, else its phase's window), and as dates in T0's zone. */
  window: string;
  from: string;
  to: string;
  status: StepStatus;
  /** The step's owner (else its phase's), then the roles that must sign it off. */
  owner: string | null;
  signoffRoles: string[];
  /** "waiting for sign-off by …" while a sign-off is pending. */
  signoff: string | null;
}

export interface Agenda {
  format: 'release-cockpit-agenda/1';
  now: string;
  days: number;
  items: AgendaItem[];
  /** Runs that could not be placed (no T0 value, plan missing or broken). */
  problems: { planId: string; run: string; reason: string }[];
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of T0's day + `day`, in T0's zone. */
function dateOf(t0: T0, day: number): string {
  return new Date(t0.at.getTime() + t0.offsetMinutes * 60_000 + day * DAY_MS).toISOString().slice(0, 10);
}

function windowOf(step: Step, phaseWindow: string): { text: string; from: number; to: number } {
  if (step.due) return { text: step.due, from: offsetDay(step.due), to: offsetDay(step.due) };
  const [from, to = from] = phaseWindow.split('..') as [string, string?];
  return { text: phaseWindow, from: offsetDay(from), to: offsetDay(to) };
}

function rank(item: AgendaItem): number {
  return item.when === 'overdue' ? 0 : item.when === 'due' ? 1 : 2;
}

export function buildAgenda(
  runs: AgendaRun[],
  now: Date,
  days: number,
  problems: Agenda['problems'] = [],
): Agenda {
  const items: AgendaItem[] = [];
  const unplaced = [...problems];
  for (const { planId, run, plan, state, holders } of runs) {
    const t0 = parseT0(plan.t0 ? state.variables[plan.t0] : undefined);
    if (!t0) {
      unplaced.push({
        planId,
        run,
        reason: plan.t0 ? `${plan.t0} has no value in the run` : 'the plan has no t0',
      });
      continue;
    }
    const today = dayFromT0(now, t0);
    const last = today + Math.max(1, days) - 1;
    const groups = [
      ...plan.phases.map((phase) => ({
        id: phase.id,
        window: phase.window,
        owner: phase.owner,
        steps: phase.steps,
      })),
    ];
    for (const group of groups) {
      for (const step of group.steps) {
        const status = state.steps[step.id]?.status ?? 'pending';
        if (FINISHED_OK.includes(status)) continue;
        const window = windowOf(step, group.window);
        const when =
          window.to < today
            ? 'overdue'
            : window.from <= today
              ? 'due'
              : window.from <= last
                ? 'upcoming'
                : null;
        if (!when) continue;
        items.push(
          item(
            planId,
            run,
            group.id,
            step,
            window,
            when,
            status,
            step.owner ?? group.owner ?? null,
            t0,
            plan,
            state,
            holders,
          ),
        );
      }
    }
    // A decided rollback is due now, all of it.
    if (state.rollback) {
      for (const step of plan.rollback?.steps ?? []) {
        const status = state.steps[step.id]?.status ?? 'pending';
        if (FINISHED_OK.includes(status)) continue;
        const window = { text: 'rollback', from: today, to: today };
        items.push(
          item(
            planId,
            run,
            'rollback',
            step,
            window,
            'due',
            status,
            step.owner ?? null,
            t0,
            plan,
            state,
            holders,
          ),
        );
      }
    }
  }
  items.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.from.localeCompare(b.from) ||
      a.planId.localeCompare(b.planId) ||
      a.run.localeCompare(b.run),
  );
  return { format: 'release-cockpit-agenda/1', now: now.toISOString(), days, items, problems: unplaced };
}

function item(
  planId: string,
  run: string,
  phase: string,
  step: Step,
  window: { text: string; from: number; to: number },
  when: AgendaItem['when'],
  status: StepStatus,
  owner: string | null,
  t0: T0,
  plan: Plan,
  state: RunState,
  holders: RoleHolders,
): AgendaItem {
  const signoff = signoffStatus(plan, state, holders, { kind: 'step', stepId: step.id });
  return {
    planId,
    run,
    phase,
    step: step.id,
    title: step.title,
    kind: step.kind,
    when,
    window: window.text,
    from: dateOf(t0, window.from),
    to: dateOf(t0, window.to),
    status,
    owner,
    signoffRoles: signoff ? [...signoff.requirement.roles] : [],
    signoff: signoff?.pending ? pendingLine(signoff) : null,
  };
}

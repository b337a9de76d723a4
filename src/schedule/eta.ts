// Where the release stands against its window, as a pure model a screen only renders: the
// plan's schedule (each phase starts at its window's start; each step no earlier than its
// `due`, after the one before, taking its p50 from earlier runs), the projection from what has
// happened (finished steps as they were, the running one at least its p50, the rest after it),
// and from those: "T0 +01:12, 18 min behind", the expected end of the current phase and of the
// release day (p50 and p90), and the step running longer than its p90.
import { FINISHED_OK } from '../journal/reducer.js';
import type { RunState, StepStatus } from '../journal/state-types.js';
import { ROLLBACK_PHASE_ID } from '../plan/outline.js';
import type { Phase, Plan, Step } from '../plan/schema.js';
import { offsetDay, parseWindow } from '../plan/time-checks.js';
import { dayFromT0, offsetAt, parseT0, type T0 } from './clock.js';
import { percentile } from './history.js';

export interface ScheduleInput {
  plan: Plan;
  state: RunState;
  now: Date;
  /** step id → durations (ms) from earlier runs of the same plan (history.ts). */
  durations: ReadonlyMap<string, readonly number[]>;
}

export interface StepSchedule {
  stepId: string;
  phaseId: string;
  title: string;
  status: StepStatus;
  p50Ms: number | null;
  p90Ms: number | null;
  samples: number;
  /** The plan's schedule (p50); null without T0. */
  plannedStart: Date | null;
  plannedEnd: Date | null;
  actualStart: Date | null;
  actualEnd: Date | null;
  /** Where it is expected to start and end from now on (p50, and the end with p90). */
  projectedStart: Date | null;
  projectedEnd: Date | null;
  projectedEndP90: Date | null;
}

export interface PhaseEta {
  phaseId: string;
  p50: Date;
  p90: Date;
}

export interface ScheduleModel {
  t0: T0 | null;
  now: Date;
  /** now − T0 (negative before T0); null without T0. */
  sinceT0Ms: number | null;
  /** Calendar day relative to T0 (in T0's zone). */
  day: number | null;
  /** The first step on the active path that is not finished. */
  current: StepSchedule | null;
  /** Projected end of the current step − its planned end: positive = behind, negative = ahead. */
  behindMs: number | null;
  phaseEnd: PhaseEta | null;
  /** The release day's phases (their window holds T0's day): when they are expected to end. */
  dayEnd: { p50: Date; p90: Date } | null;
  /** A running step past its p90. */
  overrun: { stepId: string; elapsedMs: number; p90Ms: number } | null;
  steps: StepSchedule[];
}

function date(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const value = new Date(iso);
  return Number.isNaN(value.getTime()) ? null : value;
}

function later(a: Date, b: Date | null): Date {
  return b && b.getTime() > a.getTime() ? b : a;
}

function plus(at: Date, ms: number | null): Date {
  return new Date(at.getTime() + (ms ?? 0));
}

interface Walk {
  step: Step;
  phase: { id: string; window: string | null };
}

function phaseSteps(plan: Plan, rollingBack: boolean): { phase: Phase | null; steps: Walk[] }[] {
  const main = plan.phases.map((phase) => ({
    phase,
    steps: phase.steps.map((step) => ({ step, phase: { id: phase.id, window: phase.window } })),
  }));
  const rollback = (plan.rollback?.steps ?? []).map((step) => ({
    step,
    phase: { id: ROLLBACK_PHASE_ID, window: null },
  }));
  return rollingBack ? [...main, { phase: null, steps: rollback }] : main;
}

export function buildSchedule(input: ScheduleInput): ScheduleModel {
  const { plan, state, now } = input;
  const t0 = parseT0(plan.t0 ? state.variables[plan.t0] : undefined);
  const rollingBack = state.rollback !== null;
  const steps: StepSchedule[] = [];
  for (const group of phaseSteps(plan, rollingBack)) {
    const anchor = t0 && group.phase ? plus(t0.at, parseWindow(group.phase.window).from * 60_000) : null;
    // The rollback path starts when it was decided.
    const start: Date | null = group.phase ? anchor : date(state.rollback?.at);
    let previousEnd: Date | null = null;
    let cursor50: Date | null = start;
    let cursor90: Date | null = start;
    for (const { step, phase } of group.steps) {
      const entry = state.steps[step.id];
      const status = entry?.status ?? 'pending';
      const samples = input.durations.get(step.id) ?? [];
      const p50 = samples.length ? percentile(samples, 50) : null;
      const p90 = samples.length ? percentile(samples, 90) : null;
      const dueInstant = t0 && step.due ? offsetAt(t0, step.due) : null;
      // A step with a `due` is planned then (a freeze at T0-2h comes before the window's
      // start); the others when the window opens; none before the step ahead of it ends.
      const base = dueInstant ?? start;
      const plannedStart: Date | null = base ? later(base, previousEnd) : previousEnd;
      const plannedEnd: Date | null = plannedStart ? plus(plannedStart, p50) : null;
      previousEnd = plannedEnd;
      const actualStart = date(entry?.startedAt);
      const actualEnd = status === 'running' ? null : date(entry?.endedAt);
      let projectedStart: Date | null;
      let projectedEnd: Date | null;
      let projectedEndP90: Date | null;
      if (FINISHED_OK.includes(status)) {
        projectedStart = actualStart ?? actualEnd;
        projectedEnd = actualEnd ?? actualStart;
        projectedEndP90 = projectedEnd;
      } else if (status === 'running' && actualStart) {
        projectedStart = actualStart;
        projectedEnd = later(now, plus(actualStart, p50));
        projectedEndP90 = later(now, plus(actualStart, p90));
      } else {
        projectedStart = later(now, cursor50);
        projectedEnd = plus(projectedStart, p50);
        projectedEndP90 = plus(later(now, cursor90), p90);
      }
      if (projectedEnd) cursor50 = projectedEnd;
      if (projectedEndP90) cursor90 = projectedEndP90;
      steps.push({
        stepId: step.id,
        phaseId: phase.id,
        title: step.title,
        status,
        p50Ms: p50,
        p90Ms: p90,
        samples: samples.length,
        plannedStart,
        plannedEnd,
        actualStart,
        actualEnd,
        projectedStart,
        projectedEnd,
        projectedEndP90,
      });
    }
  }
  const active = steps.filter((step) =>
    rollingBack ? step.phaseId === ROLLBACK_PHASE_ID : step.phaseId !== ROLLBACK_PHASE_ID,
  );
  const current = active.find((step) => !FINISHED_OK.includes(step.status)) ?? null;
  const behindMs =
    current?.projectedEnd && current.plannedEnd
      ? current.projectedEnd.getTime() - current.plannedEnd.getTime()
      : null;
  return {
    t0,
    now,
    sinceT0Ms: t0 ? now.getTime() - t0.at.getTime() : null,
    day: t0 ? dayFromT0(now, t0) : null,
    current,
    behindMs,
    phaseEnd: current ? phaseEta(steps, current.phaseId) : null,
    dayEnd: releaseDayEnd(plan, steps),
    overrun: overrunOf(steps, now),
    steps,
  };
}

function phaseEta(steps: StepSchedule[], phaseId: string): PhaseEta | null {
  const last = steps.filter((step) => step.phaseId === phaseId).at(-1);
  if (!last?.projectedEnd || !last.projectedEndP90) return null;
  return { phaseId, p50: last.projectedEnd, p90: last.projectedEndP90 };
}

function releaseDayEnd(plan: Plan, steps: StepSchedule[]): { p50: Date; p90: Date } | null {
  const dayPhases = new Set(
    plan.phases
      .filter((phase) => {
        const [from, to = from] = phase.window.split('..') as [string, string?];
        return offsetDay(from) <= 0 && offsetDay(to) >= 0;
      })
      .map((phase) => phase.id),
  );
  const last = steps.filter((step) => dayPhases.has(step.phaseId)).at(-1);
  if (!last?.projectedEnd || !last.projectedEndP90) return null;
  return { p50: last.projectedEnd, p90: last.projectedEndP90 };
}

function overrunOf(steps: StepSchedule[], now: Date): ScheduleModel['overrun'] {
  for (const step of steps) {
    if (step.status !== 'running' || !step.actualStart || step.p90Ms === null) continue;
    const elapsedMs = now.getTime() - step.actualStart.getTime();
    if (elapsedMs > step.p90Ms) return { stepId: step.stepId, elapsedMs, p90Ms: step.p90Ms };
  }
  return null;
}

// The report's timeline: per step the schedule expected from earlier runs (p50/p90) against
// what happened, from the same model as the cockpit's header (schedule/eta.ts). Part of the
// JSON report; gantt.ts draws it as a Mermaid block for the Markdown one.

import { isoInZone } from '../schedule/clock.js';
import type { ScheduleModel } from '../schedule/eta.js';
import type { DurationHistory } from '../schedule/history.js';

export interface TimelineStep {
  id: string;
  phase: string;
  title: string;
  status: string;
  expected: { start: string; end: string; p50Ms: number; p90Ms: number; samples: number } | null;
  actual: { start: string; end: string | null } | null;
  /** Ran (or runs) longer than its p90. */
  overP90: boolean;
}

export interface TimelineReport {
  t0: string | null;
  /** When the timeline was computed (running steps end here), in T0's zone. */
  now: string;
  /** Which earlier runs gave the durations: same plan digest, same plan id, or none. */
  basis: DurationHistory['basis'];
  runs: string[];
  behindMs: number | null;
  phaseEnd: { phase: string; p50: string; p90: string } | null;
  dayEnd: { p50: string; p90: string } | null;
  steps: TimelineStep[];
}

export function timelineReport(
  model: ScheduleModel,
  history: Pick<DurationHistory, 'basis' | 'runs'>,
): TimelineReport {
  const zone = model.t0?.offsetMinutes ?? 0;
  const iso = (at: Date) => isoInZone(at, zone);
  return {
    t0: model.t0 ? iso(model.t0.at) : null,
    now: iso(model.now),
    basis: history.basis,
    runs: [...history.runs],
    behindMs: model.behindMs,
    phaseEnd: model.phaseEnd
      ? { phase: model.phaseEnd.phaseId, p50: iso(model.phaseEnd.p50), p90: iso(model.phaseEnd.p90) }
      : null,
    dayEnd: model.dayEnd ? { p50: iso(model.dayEnd.p50), p90: iso(model.dayEnd.p90) } : null,
    steps: model.steps.map((step) => {
      const ranMs = step.actualStart
        ? (step.actualEnd ?? model.now).getTime() - step.actualStart.getTime()
        : null;
      return {
        id: step.stepId,
        phase: step.phaseId,
        title: step.title,
        status: step.status,
        expected:
          step.plannedStart && step.plannedEnd && step.p50Ms !== null && step.p90Ms !== null
            ? {
                start: iso(step.plannedStart),
                end: iso(step.plannedEnd),
                p50Ms: step.p50Ms,
                p90Ms: step.p90Ms,
                samples: step.samples,
              }
            : null,
        actual: step.actualStart
          ? { start: iso(step.actualStart), end: step.actualEnd ? iso(step.actualEnd) : null }
          : null,
        overP90: ranMs !== null && step.p90Ms !== null && ranMs > step.p90Ms,
      };
    }),
  };
}

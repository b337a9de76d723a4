// Times in a plan: durations that make sense (a gate polls more often than it gives up) and
// windows whose start is not after their end. Also the parsers the runner and UI share.
import type { PathProblem } from './issues.js';
import type { PlanPath } from './positions.js';
import type { Plan, Step } from './schema.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `90s`, `30m`, `2h` → milliseconds (the schema has checked the shape). */
export function parseDuration(text: string): number {
  const match = /^([0-9]+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** `T-7`, `T0`, `T+1+10h`, `T0-30m` → minutes from T0. */
export function parseOffset(text: string): number {
  const match = /^T(0|[+-][1-9][0-9]?)(?:([+-][0-9]{1,3})([hm]))?$/.exec(text);
  if (!match) throw new Error(`not an offset: ${text}`);
  const days = Number(match[1]);
  const shift = match[2] === undefined ? 0 : Number(match[2]) * (match[3] === 'h' ? 60 : 1);
  return days * 24 * 60 + shift;
}

/** The day an offset falls on, ignoring its hour shift: `T0-2h` is on day 0 (release day). */
export function offsetDay(text: string): number {
  const match = /^T(0|[+-][1-9][0-9]?)/.exec(text);
  return match ? Number(match[1]) : 0;
}

/** A window `FROM..TO` (or one offset) as minutes from T0. */
export function parseWindow(text: string): { from: number; to: number } {
  const [from, to] = text.split('..');
  const start = parseOffset(from as string);
  return { from: start, to: to === undefined ? start : parseOffset(to) };
}

export function checkTimes(plan: Plan, steps: { step: Step; path: PlanPath }[]): PathProblem[] {
  const problems: PathProblem[] = [];
  plan.phases.forEach((phase, i) => {
    const window = parseWindow(phase.window);
    if (window.from > window.to) {
      problems.push({
        path: ['phases', i, 'window'],
        target: 'value',
        message: `the window starts after it ends (${phase.window}); write it as FROM..TO, earlier first`,
      });
    }
  });
  plan.phases.forEach((phase, i) => {
    const [from, to = from] = phase.window.split('..') as [string, string?];
    phase.steps.forEach((step, j) => {
      if (step.due === undefined) return;
      const day = offsetDay(step.due);
      if (day < offsetDay(from) || day > offsetDay(to)) {
        problems.push({
          path: ['phases', i, 'steps', j, 'due'],
          target: 'value',
          message: `due ${step.due} falls outside its phase's window ${phase.window}`,
        });
      }
    });
  });
  for (const { step, path } of steps) {
    if (step.kind !== 'command' && step.kind !== 'gate') continue;
    if (step.timeout !== undefined && parseDuration(step.timeout) === 0) {
      problems.push({
        path: [...path, 'timeout'],
        target: 'value',
        message: 'a timeout of zero would stop the step at once',
      });
    }
    if (step.kind === 'gate') {
      const interval = parseDuration(step.interval);
      if (interval < 100) {
        problems.push({
          path: [...path, 'interval'],
          target: 'value',
          message: 'poll at most ten times a second (100ms or more)',
        });
      } else if (interval >= parseDuration(step.timeout)) {
        problems.push({
          path: [...path, 'interval'],
          target: 'value',
          message: `the gate polls every ${step.interval} but gives up after ${step.timeout}: it would poll only once`,
        });
      }
    }
  }
  return problems;
}

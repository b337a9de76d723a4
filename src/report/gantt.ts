// The timeline as a Mermaid `gantt` block (GitHub and GitLab render it): one section per
// phase, per step an "expected" bar (p50 from earlier runs) and an "actual" one (done, active
// while running, crit when it failed or ran past its p90). Mermaid's grammar reads a task as
// `text : data` and a section as `section text`, so ":", "#" and ";" never reach a text, and
// every task text starts with a fixed word so no title can be read as a keyword. Times are
// written on T0's wall clock without a zone: Mermaid parses dates strictly in the reader's
// local zone (an explicit offset other than the reader's is refused), so a reader anywhere sees
// the release's own clock (22:00 for a T0 of 22:00+03:00).
import type { TimelineReport, TimelineStep } from './timeline.js';

const WORDS = {
  en: {
    heading: 'Timeline',
    expected: 'expected',
    actual: 'actual',
    rollback: 'Rollback',
    basis: {
      digest: (n: number) =>
        `Expected durations: the median (p50) of ${n} earlier run(s) of this exact plan.`,
      id: (n: number) =>
        `Expected durations: the median (p50) of ${n} earlier run(s) of this plan (other versions).`,
      none: () => 'No earlier runs of this plan: only what happened is drawn.',
    },
    noT0: 'T0 is not set: the timeline has no anchor.',
  },
  ru: {
    heading: 'Хронология',
    expected: 'план',
    actual: 'факт',
    rollback: 'Откат',
    basis: {
      digest: (n: number) =>
        `Ожидаемые длительности: медиана (p50) по прошлым прогонам этого же плана: ${n}.`,
      id: (n: number) =>
        `Ожидаемые длительности: медиана (p50) по прошлым прогонам плана (другие версии): ${n}.`,
      none: () => 'Прошлых прогонов плана нет: показано только то, что было.',
    },
    noT0: 'T0 не задан: хронологии не к чему привязаться.',
  },
};

/** A text Mermaid's gantt lexer reads as plain words. */
export function ganttText(text: string): string {
  return text
    .replace(/[:#;\r\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
}

/** `2026-12-01T22:00:00+03:00` → `2026-12-01 22:00:00`: the wall clock of the zone it was written in. */
function wall(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

function tasks(step: TimelineStep, w: (typeof WORDS)['en'], now: string): string[] {
  const out: string[] = [];
  const name = ganttText(`${step.id} ${step.title}`);
  if (step.expected)
    out.push(`    ${w.expected} ${name} :${wall(step.expected.start)}, ${wall(step.expected.end)}`);
  if (step.actual) {
    const running = step.actual.end === null;
    const bad =
      step.status === 'failed' || step.status === 'unknown' || step.status === 'cancelled' || step.overP90;
    const tags = [bad ? 'crit' : '', running ? 'active' : 'done'].filter(Boolean).join(', ');
    out.push(`    ${w.actual} ${name} :${tags}, ${wall(step.actual.start)}, ${wall(step.actual.end ?? now)}`);
  }
  return out;
}

/** Markdown lines: a heading, one line on where expectations come from, the mermaid block. */
export function ganttSection(
  timeline: TimelineReport | null | undefined,
  phases: { id: string; title: string }[],
  lang: 'en' | 'ru',
): string[] {
  if (!timeline) return [];
  const w = WORDS[lang];
  if (!timeline.t0) return [`## ${w.heading}`, '', w.noT0, ''];
  const lines = ['```mermaid', 'gantt', '    dateFormat YYYY-MM-DD HH:mm:ss', '    axisFormat %d %H:%M'];
  const sections = [...phases, { id: 'rollback', title: w.rollback }];
  for (const section of sections) {
    const body = timeline.steps
      .filter((step) => step.phase === section.id)
      .flatMap((step) => tasks(step, w, timeline.now));
    if (body.length === 0) continue;
    lines.push(`    section ${ganttText(section.title) || section.id}`, ...body);
  }
  lines.push('```');
  // Nothing expected and nothing happened yet: no chart to draw.
  if (lines.length === 5) return [`## ${w.heading}`, '', w.basis[timeline.basis](timeline.runs.length), ''];
  return [`## ${w.heading}`, '', w.basis[timeline.basis](timeline.runs.length), '', ...lines, ''];
}

// The start screen's list: what is due today across the runs (overdue first), plans, then runs
// (newest activity first); or, for one plan, its runs and a "new run" row; and each row's line.
// A new section of the start screen is one more kind of row here: built in buildStartRows,
// drawn in startRowLine.
import path from 'node:path';
import type { AgendaItem } from '../../schedule/agenda.js';
import type { Strings } from '../i18n/index.js';
import type { PlanEntry, RunEntry } from '../services.js';
import { fitWidth } from '../text.js';
import { type Line, seg } from './line.js';
import { formatWhen, progressBar } from './time.js';

/** Agenda rows shown; the rest is one "… N more" line naming `release-cockpit agenda`. */
export const AGENDA_ROWS = 5;

export type StartRow =
  | { kind: 'section'; title: 'today' | 'plans' | 'runs' }
  | { kind: 'due'; item: AgendaItem; entry: RunEntry | null; plan: PlanEntry | null }
  | { kind: 'more'; count: number }
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
  agenda: readonly AgendaItem[] = [],
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
  const today: StartRow[] = agenda.length
    ? [
        { kind: 'section', title: 'today' },
        ...agenda.slice(0, AGENDA_ROWS).map((item): StartRow => {
          const entry = runs.find((run) => run.planId === item.planId && run.run === item.run) ?? null;
          return { kind: 'due', item, entry, plan: entry ? planForRun(plans, entry) : null };
        }),
        ...(agenda.length > AGENDA_ROWS
          ? [{ kind: 'more' as const, count: agenda.length - AGENDA_ROWS }]
          : []),
      ]
    : [];
  return [
    ...today,
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
  return (
    row.kind === 'plan' || row.kind === 'run' || row.kind === 'new' || (row.kind === 'due' && !!row.entry)
  );
}

/** What stays selected while rows come and go (the agenda arrives after the list). */
export function rowKey(row: StartRow): string {
  switch (row.kind) {
    case 'plan':
      return `plan:${row.entry.path}`;
    case 'run':
      return `run:${row.entry.planId}/${row.entry.run}`;
    case 'new':
      return `new:${row.plan.path}`;
    case 'due':
      return `due:${row.item.planId}/${row.item.run}/${row.item.step}`;
    case 'section':
      return `section:${row.title}`;
    case 'more':
      return 'more';
    case 'empty':
      return `empty:${row.what}`;
  }
}

/** One row of the start screen's list (`cwd`: plan files are shown relative to it). */
export function startRowLine(row: StartRow, t: Strings, now: Date, width: number, cwd: string): Line {
  switch (row.kind) {
    case 'section': {
      const title =
        row.title === 'today' ? t.start.today : row.title === 'plans' ? t.start.plans : t.start.runs;
      return [seg(title, { bold: true, tone: 'accent' })];
    }
    case 'due': {
      const { item } = row;
      const overdue = item.when === 'overdue';
      // A pending sign-off names its roles (⚑, as in the step list); otherwise the step's owner.
      const who = item.signoff ? `⚑ ${item.signoffRoles.join(', ')}` : item.owner;
      return [
        seg(overdue ? '  ! ' : '  ● ', { tone: overdue ? 'bad' : 'warn', bold: true }),
        seg(`${(overdue ? t.start.overdue : t.start.due).padEnd(10)}`, { tone: overdue ? 'bad' : 'warn' }),
        seg(fitWidth(`${item.planId} / ${item.run}`, Math.max(12, Math.floor(width * 0.25))), { bold: true }),
        seg(`  ${item.title}`),
        seg(who ? `  (${who})` : '', { dim: true }),
      ];
    }
    case 'more':
      return [seg(`  ${t.start.moreDue(row.count)}`, { dim: true })];
    case 'empty':
      return [seg(`  ${row.what === 'plans' ? t.start.noPlans : t.start.noRuns}`, { dim: true })];
    case 'new':
      return [seg(`  ${t.start.newRun}`, { tone: 'accent' })];
    case 'plan': {
      const { entry } = row;
      const file = path.relative(cwd, entry.path) || entry.path;
      if (!entry.plan) {
        return [
          seg('  ✘ ', { tone: 'bad' }),
          seg(file),
          seg(`  ${t.start.invalid}: ${entry.error ?? ''}`, { tone: 'bad' }),
        ];
      }
      const steps = entry.plan.phases.reduce((n, phase) => n + phase.steps.length, 0);
      return [
        seg('  '),
        seg(fitWidth(entry.plan.title, Math.max(10, Math.floor(width * 0.4))), { bold: true }),
        seg(` ${t.start.steps(steps)}`, { dim: true }),
        seg(`  ${file}`, { dim: true }),
      ];
    }
    case 'run': {
      const { entry } = row;
      const name = `${entry.planId} / ${entry.run}`;
      const lock = entry.lock ? t.start.lockedBy(`${entry.lock.user}@${entry.lock.host}`) : t.start.free;
      return [
        seg('  '),
        seg(fitWidth(name, Math.max(12, Math.floor(width * 0.3))), { bold: true }),
        seg(` ${String(entry.done).padStart(3)}/${String(entry.total).padEnd(3)} `),
        seg(progressBar(entry.total ? entry.done / entry.total : 0, 8), { tone: 'ok' }),
        seg(entry.rollback ? ' ROLLBACK' : '', { tone: 'danger', bold: true }),
        seg(`  ${entry.lastEventAt ? formatWhen(entry.lastEventAt, now) : '—'}`, { dim: true }),
        seg(`  ${lock}`, { tone: entry.lock ? 'warn' : 'muted' }),
      ];
    }
  }
}

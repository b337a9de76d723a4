// The header of the main screen, the resume summary and the watch: first what it says
// (headerModel: plain facts from the session view), then how it looks (buildHeader). A new
// fact for the header (a release schedule, a sign-off) is one field of HeaderModel, filled in
// headerModel and drawn in buildHeader.
import { buildSchedule } from '../../schedule/eta.js';
import { scheduleLine } from '../../schedule/words.js';
import type { SessionView } from '../../session/types.js';
import type { Strings } from '../i18n/index.js';
import { type Line, padLine, seg } from './line.js';
import { progress } from './outline.js';
import { fillTemplate, shownValues } from './template.js';
import { formatWhen, parseT0, positionLabel, progressBar, type T0 } from './time.js';

export function holderName(view: SessionView): string {
  return view.lock ? `${view.lock.user}@${view.lock.host}` : '?';
}

export type HeaderLock =
  | { kind: 'held' }
  /** Watching: held by someone since, their cockpit gone (the lock can be taken), or let go. */
  | { kind: 'watching'; holder: string; since: string }
  | { kind: 'holderGone'; holder: string }
  | { kind: 'free' };

export interface HeaderModel {
  /** The plan's title with the run's values filled in (secrets masked). */
  title: string;
  run: string;
  operator: string;
  /** T0 and now: the header says T−3, a countdown, or the time since T0. */
  t0: T0 | null;
  now: Date;
  done: number;
  total: number;
  lock: HeaderLock;
  /** The rollback decision's criterion, once decided. */
  rollback: string | null;
  /**
   * Where the release stands against its window on earlier runs' durations: "18 min behind ·
   * phase ends ~23:28 (p90 23:33)"; null without T0 or without earlier runs.
   */
  schedule: string | null;
  warnings: readonly string[];
}

/** The header's schedule line from the plan's earlier runs (schedule/eta.ts, words.ts). */
export function scheduleText(
  view: SessionView,
  now: Date,
  durations: ReadonlyMap<string, readonly number[]> | null,
  lang: 'en' | 'ru',
): string | null {
  if (!durations || durations.size === 0) return null;
  const line = scheduleLine(buildSchedule({ plan: view.plan, state: view.state, now, durations }), lang, {
    position: false,
  });
  return line || null;
}

/**
 * `lockTakeable`: watching a run whose holder's process is gone (see Session.lockTakeable);
 * `schedule`: the schedule line (scheduleText), when there is one.
 */
export function headerModel(
  view: SessionView,
  now: Date,
  lockTakeable = false,
  schedule: string | null = null,
): HeaderModel {
  const { plan, state } = view;
  const { done, total } = progress(plan, state);
  let lock: HeaderLock = { kind: 'held' };
  if (view.mode === 'watch') {
    // The holder left (lock released or forced): the run is free, not held by "?".
    if (!view.lock) lock = { kind: 'free' };
    else if (lockTakeable) lock = { kind: 'holderGone', holder: holderName(view) };
    else lock = { kind: 'watching', holder: holderName(view), since: view.lock.since };
  }
  return {
    title: fillTemplate(plan.title, shownValues(plan, state.variables)),
    run: state.run,
    operator: `${view.operator.user}@${view.operator.host}`,
    t0: parseT0(plan.t0 ? state.variables[plan.t0] : undefined),
    now,
    done,
    total,
    lock,
    rollback: state.rollback?.criterionText ?? null,
    schedule,
    warnings: view.warnings.slice(0, 2),
  };
}

function lockText(lock: HeaderLock, now: Date, t: Strings): string {
  switch (lock.kind) {
    case 'free':
      return t.header.watchingFree;
    case 'holderGone':
      return t.header.watchingGone(lock.holder);
    case 'watching':
      return t.header.watching(lock.holder, formatWhen(lock.since, now));
    case 'held':
      return t.header.lockHeld;
  }
}

export function buildHeader(model: HeaderModel, t: Strings, width: number): Line[] {
  const first: Line = [
    seg(model.title, { bold: true }),
    seg(' · ', { dim: true }),
    seg(`${t.header.run} `, { dim: true }),
    seg(model.run, { bold: true }),
    seg(' · ', { dim: true }),
    seg(`${t.header.operator} `, { dim: true }),
    seg(model.operator),
  ];
  const position = model.t0 ? positionLabel(model.now, model.t0, t.header) : t.header.noT0;
  const second: Line = [
    seg(position, { tone: 'accent', bold: true }),
    seg('  '),
    seg(t.header.progress(model.done, model.total), { bold: true }),
    seg(` ${progressBar(model.total ? model.done / model.total : 0, width >= 100 ? 20 : 10)}`, {
      tone: 'ok',
    }),
    seg('  '),
  ];
  const lock = lockText(model.lock, model.now, t);
  if (model.lock.kind === 'held') second.push(seg(`● ${lock}`, { tone: 'ok' }));
  else second.push(seg(` ${lock} `, { tone: 'warn', inverse: true }));
  const lines: Line[] = [first, second];
  if (model.schedule !== null) lines.push([seg(`◷ ${model.schedule}`, { tone: 'info' })]);
  if (model.rollback !== null) {
    const banner = seg(` ${t.header.rollback(model.rollback)}`, {
      tone: 'danger',
      inverse: true,
      bold: true,
    });
    lines.push(padLine([banner], width, { tone: 'danger', inverse: true }));
  }
  for (const warning of model.warnings) lines.push([seg(`⚠ ${warning}`, { tone: 'warn' })]);
  return lines;
}

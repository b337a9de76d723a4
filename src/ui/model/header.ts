// The header: plan, run, operator; where today stands against T0; progress; the lock; the
// rollback banner and startup warnings.
import type { SessionView } from '../../session/types.js';
import type { Strings } from '../i18n/index.js';
import { type Line, padLine, seg } from './line.js';
import { progress } from './outline.js';
import { fillTemplate, shownValues } from './template.js';
import { formatWhen, parseT0, positionLabel, progressBar } from './time.js';

export function holderName(view: SessionView): string {
  return view.lock ? `${view.lock.user}@${view.lock.host}` : '?';
}

/** `lockTakeable`: watching a run whose holder's process is gone (see Session.lockTakeable). */
export function buildHeader(
  view: SessionView,
  now: Date,
  t: Strings,
  width: number,
  lockTakeable = false,
): Line[] {
  const { plan, state } = view;
  const operator = `${view.operator.user}@${view.operator.host}`;
  const first: Line = [
    seg(fillTemplate(plan.title, shownValues(plan, state.variables)), { bold: true }),
    seg(' · ', { dim: true }),
    seg(`${t.header.run} `, { dim: true }),
    seg(state.run, { bold: true }),
    seg(' · ', { dim: true }),
    seg(`${t.header.operator} `, { dim: true }),
    seg(operator),
  ];
  const t0 = parseT0(plan.t0 ? state.variables[plan.t0] : undefined);
  const position = t0 ? positionLabel(now, t0, t.header) : t.header.noT0;
  const { done, total } = progress(plan, state);
  const barWidth = width >= 100 ? 20 : 10;
  const second: Line = [
    seg(position, { tone: 'accent', bold: true }),
    seg('  '),
    seg(t.header.progress(done, total), { bold: true }),
    seg(` ${progressBar(total ? done / total : 0, barWidth)}`, { tone: 'ok' }),
    seg('  '),
  ];
  if (view.mode === 'watch') {
    // The holder left (lock released or forced): the run is free, not held by "?".
    const text = !view.lock
      ? t.header.watchingFree
      : lockTakeable
        ? t.header.watchingGone(holderName(view))
        : t.header.watching(holderName(view), formatWhen(view.lock.since, now));
    second.push(seg(` ${text} `, { tone: 'warn', inverse: true }));
  } else {
    second.push(seg(`● ${t.header.lockHeld}`, { tone: 'ok' }));
  }
  const lines: Line[] = [first, second];
  if (state.rollback) {
    lines.push(
      padLine(
        [
          seg(` ${t.header.rollback(state.rollback.criterionText)}`, {
            tone: 'danger',
            inverse: true,
            bold: true,
          }),
        ],
        width,
        {
          tone: 'danger',
          inverse: true,
        },
      ),
    );
  }
  for (const warning of view.warnings.slice(0, 2)) lines.push([seg(`⚠ ${warning}`, { tone: 'warn' })]);
  return lines;
}

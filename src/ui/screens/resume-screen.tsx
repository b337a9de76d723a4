// What happened while no one watched, shown once before the main screen.
import { Box } from 'ink';
import type { ReactElement } from 'react';
import { findStep } from '../../plan/outline.js';
import type { Session } from '../../session/types.js';
import { LinesBox } from '../components/lines.js';
import { useUiEnv } from '../env.js';
import { useHelp } from '../help.js';
import { useLockTakeable, useSessionView } from '../hooks/use-session.js';
import { actionFor } from '../keys.js';
import { buildHeader, headerModel } from '../model/header.js';
import { buildFooter, helpBody } from '../model/keys-view.js';
import { type Line, seg } from '../model/line.js';
import { fillTemplate, shownValues } from '../model/template.js';
import { formatWhen } from '../model/time.js';
import { useKeys } from '../router.js';
import { wrapPlain } from '../text.js';
import { STATUS_GLYPH, STATUS_TONE } from '../theme.js';

export function ResumeScreen({
  session,
  columns,
  rows,
  onContinue,
  onTakeLock,
}: {
  session: Session;
  columns: number;
  rows: number;
  onContinue: () => void;
  /** Watch mode, lock free or its holder gone: reopen the run for writing. */
  onTakeLock?: () => void;
}): ReactElement {
  const { t, theme, now: clock, tickMs } = useUiEnv();
  const view = useSessionView(session);
  const now = clock();
  const takeable = useLockTakeable(session, view, tickMs, onTakeLock);
  const help = useHelp();
  useKeys('screen', (name) => {
    const action = actionFor(['start:resume'], name);
    if (action === 'takeLock' && takeable) onTakeLock?.();
    else if (action === 'continue') onContinue();
    else return false;
    return true;
  });
  const values = shownValues(view.plan, view.state.variables);
  const title = (id: string) => {
    const found = findStep(view.plan, id);
    return found ? fillTemplate(found.step.title, values) : id;
  };
  const resume = view.resume;
  const lines: Line[] = [[seg(t.resume.title, { bold: true, tone: 'accent' })]];
  if (resume) {
    lines.push([seg(t.resume.since(formatWhen(resume.since, now)), { dim: true })]);
    if (resume.finished.length) {
      lines.push([seg(t.resume.finished, { bold: true })]);
      for (const f of resume.finished) {
        lines.push([
          seg(`  ${STATUS_GLYPH[f.status]} `, { tone: STATUS_TONE[f.status] }),
          seg(title(f.stepId)),
          seg(` ${t.status[f.status]}${f.exitCode !== null ? ` (${t.detail.exit} ${f.exitCode})` : ''}`, {
            dim: true,
          }),
        ]);
        if (f.note)
          for (const text of wrapPlain(f.note, columns - 6)) lines.push([seg(`    ${text}`, { dim: true })]);
      }
    }
    if (resume.running.length) {
      lines.push([seg(t.resume.running, { bold: true })]);
      for (const r of resume.running) {
        // The summary is taken at open; a step that ends while the operator reads it says so.
        const status = view.state.steps[r.stepId]?.status ?? 'running';
        const ended = status === 'running' ? '' : ` · ${t.resume.nowStatus(t.status[status])}`;
        lines.push([
          seg(`  ${STATUS_GLYPH[status]} `, { tone: status === 'running' ? 'info' : STATUS_TONE[status] }),
          seg(title(r.stepId)),
          seg(` #${r.attempt} · ${formatWhen(r.startedAt, now)}${ended}`, { dim: true }),
        ]);
      }
    }
    if (resume.unknown.length) {
      lines.push([seg(t.resume.unknown, { bold: true, tone: 'warn' })]);
      for (const u of resume.unknown)
        lines.push([
          seg(`  ${STATUS_GLYPH.unknown} `, { tone: 'warn' }),
          seg(title(u.stepId)),
          seg(` #${u.attempt}`, { dim: true }),
        ]);
    }
    if (resume.otherEvents) lines.push([seg(t.resume.otherEvents(resume.otherEvents))]);
    if (resume.planChanged) lines.push([seg(`⚠ ${t.resume.planChanged}`, { tone: 'warn' })]);
    if (!resume.finished.length && !resume.running.length && !resume.unknown.length && !resume.otherEvents) {
      lines.push([seg(t.resume.nothing, { dim: true })]);
    }
  }
  if (view.warnings.length) {
    lines.push([seg(t.resume.warnings, { bold: true, tone: 'warn' })]);
    for (const w of view.warnings)
      for (const text of wrapPlain(w, columns - 4)) lines.push([seg(`  ${text}`, { tone: 'warn' })]);
  }
  const header = buildHeader(headerModel({ ...view, warnings: [] }, now, takeable), t, columns);
  const footer = buildFooter({
    places: help.open ? ['dialog:help'] : ['start:resume', 'global'],
    applies: (action) => action !== 'takeLock' || takeable,
    readOnly: false,
    t,
    width: columns,
  });
  const bodyHeight = rows - 1 - header.length - 1;
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <LinesBox lines={header} width={columns} height={header.length} theme={theme} />
      <LinesBox
        lines={
          help.open
            ? helpBody(['global', 'start:resume', 'dialog:help'], t, columns, bodyHeight, help.scroll)
            : lines
        }
        width={columns}
        height={bodyHeight}
        theme={theme}
      />
      <LinesBox lines={[footer]} width={columns} height={1} theme={theme} />
    </Box>
  );
}

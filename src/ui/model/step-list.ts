// The steps pane: the visible window of phase headers and step rows.
import { GLYPH, STATUS_GLYPH, STATUS_TONE } from '../theme.js';
import { type Line, padLine, seg } from './line.js';
import { isFinished as isFinishedStatus, type Row } from './outline.js';
import { fillTemplate } from './template.js';
import { prettyOffset } from './time.js';

export function buildStepList(
  rows: readonly Row[],
  selectedRow: number,
  start: number,
  height: number,
  width: number,
  focused: boolean,
  variables: Record<string, string> = {},
): Line[] {
  const lines: Line[] = [];
  for (let i = start; i < Math.min(rows.length, start + height); i++) {
    const row = rows[i] as Row;
    if (row.kind === 'phase') {
      const filled = fillTemplate(row.title, variables);
      const title = row.path === 'rollback' ? `↺ ${filled}` : filled;
      const window = row.window ? ` ${prettyOffset(row.window)}` : '';
      lines.push([
        seg(row.current ? '▸' : ' ', { tone: 'accent' }),
        seg(title, { bold: true, tone: row.path === 'rollback' ? 'danger' : undefined }),
        seg(`${window} ${row.done}/${row.total}`, { dim: true }),
      ]);
      continue;
    }
    const selected = i === selectedRow;
    const mark = row.due === 'today' ? GLYPH.dueToday : row.due === 'overdue' ? GLYPH.overdue : ' ';
    const line: Line = [
      seg(selected ? GLYPH.selected : ' ', { bold: true }),
      seg(STATUS_GLYPH[row.status], { tone: STATUS_TONE[row.status], bold: row.status === 'running' }),
      seg(mark, { tone: row.due === 'overdue' ? 'bad' : 'warn' }),
      seg(fillTemplate(row.ref.step.title, variables), { dim: row.frozen || row.status === 'skipped' }),
    ];
    if (row.frozen) line.push(seg(` ${GLYPH.frozen}`, { dim: true }));
    // Waiting for someone else's sign-off: the step cannot pass until it arrives.
    if (row.signoff === 'pending' && !isFinishedStatus(row.status))
      line.push(seg(` ${GLYPH.signoff}`, { tone: 'warn', bold: true }));
    lines.push(selected ? padLine(line, width).map((s) => ({ ...s, inverse: focused, bold: true })) : line);
  }
  return lines;
}

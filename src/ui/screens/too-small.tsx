// Below 60×16 the panes cannot be drawn honestly: say so instead of drawing them broken.
import type { ReactElement } from 'react';
import { LinesBox } from '../components/lines.js';
import { useUiEnv } from '../env.js';
import { MIN_COLUMNS, MIN_ROWS } from '../model/layout.js';
import { seg } from '../model/line.js';
import { wrapPlain } from '../text.js';

export function TooSmall({ columns, rows }: { columns: number; rows: number }): ReactElement {
  const { t, theme } = useUiEnv();
  const width = Math.max(1, columns);
  const height = Math.max(1, rows - 1);
  const lines = [
    [seg(t.tooSmall.title, { bold: true, tone: 'warn' })],
    ...wrapPlain(t.tooSmall.body(columns, rows, MIN_COLUMNS, MIN_ROWS), width).map((text) => [seg(text)]),
    ...wrapPlain(t.tooSmall.hint, width).map((text) => [seg(text, { dim: true })]),
  ];
  return <LinesBox lines={lines} width={width} height={height} theme={theme} />;
}

// Lines of styled segments: what every pane builder returns (pure, no React).
import { cutToWidth, displayWidth } from '../text.js';
import type { Tone } from '../theme.js';

export interface Seg {
  text: string;
  tone?: Tone | undefined;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
  /** Text that carries its own SGR colours (command output). */
  raw?: boolean;
}

export type Line = Seg[];

export const seg = (text: string, style: Omit<Seg, 'text'> = {}): Seg => ({ text, ...style });

export function lineWidth(line: Line): number {
  return line.reduce((sum, s) => sum + displayWidth(s.text), 0);
}

/** Cut a line to `width` columns, with `…` where text was dropped. */
export function cutLine(line: Line, width: number, color: boolean): Line {
  const out: Line = [];
  let left = width;
  const total = lineWidth(line);
  for (const s of line) {
    if (left <= 0) break;
    const w = displayWidth(s.text);
    if (w <= left) {
      out.push(s.raw && !color ? { ...s, text: cutToWidth(s.text, w, { color }) } : s);
      left -= w;
      continue;
    }
    out.push({ ...s, text: cutToWidth(s.text, left, { ellipsis: total > width, color: color && !!s.raw }) });
    left = 0;
  }
  return out;
}

/** Pad a line with spaces to `width` (for inverse bars). */
export function padLine(line: Line, width: number, style: Omit<Seg, 'text'> = {}): Line {
  const missing = width - lineWidth(line);
  return missing > 0 ? [...line, seg(' '.repeat(missing), style)] : line;
}

// Everything on screen is built as lines of styled segments by pure functions, then drawn
// here: exactly `height` rows, each cut to `width`, so ink never wraps and frames stay stable.
//
// A box is one ink text node holding a blank block of width × height, and a <Transform> that
// swaps each blank row for the real row, styled here with SGR. Two reasons:
// - ink 6.8 caches the measured size of every distinct text it lays out in module-level maps
//   that never evict (vadimdemedes/ink#986): log lines, clocks and elapsed times would grow
//   the cockpit's memory for as long as it runs. ink measures only the blank block (one per
//   size); transforms run after layout and are not cached;
// - one node per box instead of a node per segment: far less React, layout and squashing
//   work per frame, which is what an output flood and a key press wait on.
import { Box, Transform } from 'ink';
import type { ReactElement } from 'react';
import { cutLine, type Line, type Seg } from '../model/line.js';
import { type Theme, TONE_SGR } from '../theme.js';

const RESET = '\x1b[0m';
const blocks = new Map<string, string>();

/** The blank text ink lays out for a box of this size (a handful of sizes per session). */
function blankBlock(width: number, height: number): string {
  const key = `${width}x${height}`;
  let block = blocks.get(key);
  if (block === undefined) {
    if (blocks.size > 64) blocks.clear(); // Resizes: keep the map small.
    block = Array.from({ length: height }, () => ' '.repeat(width)).join('\n');
    blocks.set(key, block);
  }
  return block;
}

/** One segment with its style as SGR; raw output brings its own colours and is reset after. */
function styledSeg(s: Seg, theme: Theme): string {
  const codes: number[] = [];
  if (theme.color && s.tone) codes.push(TONE_SGR[s.tone]);
  if (s.bold) codes.push(1);
  if (s.dim) codes.push(2);
  if (s.inverse) codes.push(7);
  if (codes.length > 0) return `\x1b[${codes.join(';')}m${s.text}${RESET}`;
  return s.raw && s.text.includes('\x1b') ? `${s.text}${RESET}` : s.text;
}

/** A line as the text of one terminal row (already cut to `width`). */
export function styledRow(line: Line | undefined, width: number, theme: Theme): string {
  if (!line) return '';
  let row = '';
  for (const s of cutLine(line, width, theme.color)) row += styledSeg(s, theme);
  return row;
}

export function LinesBox({
  lines,
  width,
  height,
  theme,
}: {
  lines: readonly Line[];
  width: number;
  height: number;
  theme: Theme;
}): ReactElement {
  if (width <= 0 || height <= 0) return <Box width={Math.max(0, width)} height={Math.max(0, height)} />;
  const rows: string[] = [];
  for (let i = 0; i < height; i++) rows.push(styledRow(lines[i], width, theme));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Transform transform={(_blank, index) => rows[index] ?? ''}>{blankBlock(width, height)}</Transform>
    </Box>
  );
}

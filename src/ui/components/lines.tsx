// Everything on screen is built as lines of styled segments by pure functions, then drawn
// here: exactly `height` rows, each cut to `width`, so ink never wraps and frames stay stable.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { cutLine, type Line, type Seg } from '../model/line.js';
import type { Theme } from '../theme.js';

function SegText({ s, theme }: { s: Seg; theme: Theme }): ReactElement {
  return (
    <Text color={theme.tone(s.tone)} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
      {s.text}
    </Text>
  );
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
  const rows: ReactElement[] = [];
  for (let i = 0; i < height; i++) {
    const line = lines[i];
    const cut = line ? cutLine(line, width, theme.color) : [];
    rows.push(
      <Text key={i} wrap="truncate-end">
        {cut.length === 0
          ? ' '
          : cut.map((s, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
              <SegText key={j} s={s} theme={theme} />
            ))}
      </Text>,
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {rows}
    </Box>
  );
}

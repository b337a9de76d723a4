// What a log tail offers its readers (tail.ts makes them), and the line that stands for output
// a tail jumped over. Here, in the runner, because the runner writes gap lines and the
// session and UI only read them.

/** Starts a line that stands for output the tail skipped (a private-use character). */
export const GAP_MARK = '\uE000';

/** The line a tail stores where it jumped over `bytes` bytes of output. */
export function gapLine(bytes: number): string {
  return `${GAP_MARK}${bytes}`;
}

/** The skipped byte count when `line` is a gap line, else null (the UI words it). */
export function parseGap(line: string): number | null {
  if (!line.startsWith(GAP_MARK)) return null;
  const bytes = Number(line.slice(GAP_MARK.length));
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** A bounded tail of one log: the output pane renders `lines()`; memory stays flat. */
export interface LogTail {
  /** The last lines (\r progress collapsed, control sequences other than SGR removed). */
  lines(): readonly string[];
  /** How many lines lines() holds, without building them. */
  lineCount(): number;
  /** Lines [start, end) of lines(), building only those (what a pane shows). */
  range(start: number, end: number): readonly string[];
  /** Bytes read so far (for "n MB" displays). */
  bytes(): number;
  /** Bytes jumped over unread while the log flooded (each jump leaves a gapLine in lines()). */
  skippedBytes(): number;
  /** Changes at most at the publish rate, not per chunk. */
  version(): number;
  subscribe(listener: () => void): () => void;
  close(): void;
}

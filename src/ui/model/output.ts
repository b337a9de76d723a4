// The output pane: a title bar, the visible slice of the log tail (following the end unless
// scrolled), per-host summary lines, and the search bar. Only visible rows are built.
import { type LogTail, parseGap } from '../../session/types.js';
import type { Strings } from '../i18n/index.js';
import { stripSgr } from '../text.js';
import { type Line, padLine, seg } from './line.js';

export interface HostLine {
  host: string;
  exitCode: number | null;
  running: boolean;
  last: string;
  /** What its follower says beyond running/exited: "reconnecting (3), last output 12 s ago". */
  state?: string | null;
  /** The command never started there (never reached, or the rollout stopped before its turn). */
  notStarted?: boolean;
}

export interface SearchState {
  query: string;
  editing: boolean;
  /** 0 = the latest match, counting back. */
  index: number;
}

/** The lines of a log as the pane reads them: a count, the visible slice, all (to search). */
export interface LogLines {
  total: number;
  range(start: number, end: number): readonly string[];
  all(): readonly string[];
}

export const NO_LINES: LogLines = { total: 0, range: () => [], all: () => [] };

export function logLinesOf(tail: LogTail | null): LogLines {
  if (!tail) return NO_LINES;
  return { total: tail.lineCount(), range: (start, end) => tail.range(start, end), all: () => tail.lines() };
}

export interface OutputInput {
  label: string;
  lines: LogLines;
  bytes: number;
  /** Lines scrolled up from the end; 0 follows the end. */
  scroll: number;
  height: number;
  width: number;
  focused: boolean;
  hosts: HostLine[];
  search: SearchState | null;
  empty: string;
  t: Strings;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Indices of lines matching the query (case-insensitive, colours ignored). */
export function searchMatches(lines: readonly string[], query: string): number[] {
  if (!query) return [];
  const needle = query.toLowerCase();
  const found: number[] = [];
  lines.forEach((line, i) => {
    if (stripSgr(line).toLowerCase().includes(needle)) found.push(i);
  });
  return found;
}

/** The scroll offset that puts line `index` in the middle of a pane of `height` rows. */
export function scrollToLine(total: number, index: number, height: number): number {
  const maxScroll = Math.max(0, total - height);
  return Math.max(0, Math.min(maxScroll, total - 1 - index - Math.floor(height / 2)));
}

/**
 * One host's summary line of a multi-host step: its state, then the last line it printed. More
 * per-host state (connecting, retrying, …) is a field of HostLine and a segment here.
 */
export function hostRow(host: HostLine, t: Strings): Line {
  if (host.notStarted && !host.running)
    return [
      seg('– ', { dim: true }),
      seg(host.host, { bold: true }),
      seg(` ${t.hostState.notStarted}`, { dim: true }),
    ];
  const glyph = host.running ? '▶' : host.exitCode === 0 ? '✔' : '✘';
  return [
    seg(`${glyph} `, { tone: host.running ? 'info' : host.exitCode === 0 ? 'ok' : 'bad' }),
    seg(host.host, { bold: true }),
    seg(host.running ? ' ' : ` ${t.detail.exit} ${host.exitCode ?? '?'} `, { dim: true }),
    ...(host.state ? [seg(`${host.state} `, { tone: 'warn' })] : []),
    seg(stripSgr(host.last)),
  ];
}

export function buildOutput(input: OutputInput): Line[] {
  const { t, width, height } = input;
  const bodyHeight = Math.max(0, height - 1 - (input.search ? 1 : 0));
  const hostRows = input.hosts.slice(0, Math.max(0, Math.floor(bodyHeight / 2)));
  const logHeight = bodyHeight - hostRows.length;
  const total = input.lines.total;
  const scroll = Math.max(0, Math.min(input.scroll, Math.max(0, total - logHeight)));
  const state = scroll === 0 ? t.output.following : t.output.scrolled(scroll);
  const title = padLine(
    [
      seg(`─ ${t.output.title} · ${input.label} · ${formatBytes(input.bytes)} · ${state} `, {
        bold: input.focused,
      }),
    ],
    width,
    {},
  ).map((s, i, all) =>
    i === all.length - 1 && s.text.trim() === '' ? { ...s, text: '─'.repeat(s.text.length), dim: true } : s,
  );
  const lines: Line[] = [title.map((s) => ({ ...s, tone: input.focused ? 'accent' : s.tone }))];
  for (const host of hostRows) lines.push(hostRow(host, t));
  const query = input.search?.query;
  const matches = query ? new Set(searchMatches(input.lines.all(), query)) : new Set<number>();
  const end = total - scroll;
  const start = Math.max(0, end - logHeight);
  if (total === 0) lines.push([seg(input.empty, { dim: true })]);
  const visible = input.lines.range(start, end);
  for (let i = start; i < end; i++) {
    const raw = visible[i - start] ?? '';
    const gap = parseGap(raw);
    if (gap !== null) {
      lines.push([seg(t.output.skipped(formatBytes(gap)), { dim: true })]);
      continue;
    }
    // Tail lines come sanitized (tabs expanded, SGR the only escapes: runner/sanitize.ts).
    lines.push(matches.has(i) ? [seg(stripSgr(raw), { inverse: true })] : [seg(raw, { raw: true })]);
  }
  while (lines.length < height - (input.search ? 1 : 0)) lines.push([]);
  if (input.search) {
    const count = matches.size;
    const status = !input.search.query
      ? ''
      : count === 0
        ? t.output.noMatch
        : t.output.match(Math.max(1, count - input.search.index), count);
    lines.push([
      seg('/', { tone: 'accent', bold: true }),
      seg(input.search.query),
      seg(input.search.editing ? '█' : ''),
      seg(`  ${status}`, { dim: true }),
    ]);
  }
  return lines;
}

// The report's only I/O: the last lines of logs and the text of rendered messages.
import fs from 'node:fs';
import type { LogExcerpt } from './types.js';

export const TAIL_LINES = 20;
/** Read at most this much from the end of a log: enough for 20 lines, bounded for huge logs. */
const TAIL_BYTES = 64 * 1024;

/** Terminal output made printable: \r progress collapsed, escape sequences and controls removed. */
export function plainLine(line: string): string {
  const lastSegment =
    line
      .split('\r')
      .filter((part) => part.length > 0)
      .at(-1) ?? '';
  return lastSegment
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b[@-Z\\-_]/g, '')
    .replace(/\t/g, '    ')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

/**
 * The last lines of a log — of its masked copy when the session left one (`<log>.masked`: the
 * run had secrets, and the raw log holds whatever the command printed).
 */
export function readLogExcerpt(
  file: string,
  lines = TAIL_LINES,
): Omit<LogExcerpt, 'step' | 'attempt' | 'path'> {
  let fd: number;
  try {
    fd = openMaskedFirst(file);
  } catch {
    return { bytes: null, lastLines: [], missing: true };
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    let text = buffer.toString('utf8');
    if (length < size) text = text.slice(text.indexOf('\n') + 1);
    const all = text.split('\n');
    if (all.at(-1) === '') all.pop();
    return { bytes: size, lastLines: all.slice(-lines).map(plainLine), missing: false };
  } finally {
    fs.closeSync(fd);
  }
}

function openMaskedFirst(file: string): number {
  if (!file.endsWith('.masked')) {
    try {
      return fs.openSync(`${file}.masked`, 'r');
    } catch {
      // none: the run had no secrets, or this log was not quoted while they were known
    }
  }
  return fs.openSync(file, 'r');
}

export function readMessage(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

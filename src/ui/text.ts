// Terminal text: display width, cutting and wrapping that keep SGR colour codes intact, from
// the libraries ink itself lays text out with (string-width, slice-ansi, wrap-ansi: emoji and
// CJK take two columns, combining accents none). Every pane line goes through cutToWidth so
// ink never has to wrap anything.
import { stripVTControlCharacters } from 'node:util';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { NARROW_TEXT } from './narrow-chars.js';

export function stripSgr(text: string): string {
  return stripVTControlCharacters(text);
}

export function displayWidth(text: string): number {
  return NARROW_TEXT.test(text) ? text.length : stringWidth(text);
}

/**
 * The first `width` columns. slice-ansi keeps a wide character that starts in the last column
 * (it would stick out by one): such a character is left out instead.
 */
function sliceColumns(text: string, width: number): string {
  let cut = sliceAnsi(text, 0, width);
  for (let end = width - 1; end >= 0 && stringWidth(cut) > width; end--) cut = sliceAnsi(text, 0, end);
  return cut;
}

/**
 * Cut to at most `width` columns, keeping SGR sequences (those open at the cut are closed),
 * with `…` marking the cut when `ellipsis` is set. `color: false` strips SGR.
 */
export function cutToWidth(
  text: string,
  width: number,
  options: { ellipsis?: boolean; color?: boolean } = {},
): string {
  if (width <= 0) return '';
  const source = (options.color ?? true) ? text : stripSgr(text);
  if (NARROW_TEXT.test(source)) {
    if (source.length <= width) return source;
    return options.ellipsis ? `${source.slice(0, width - 1)}…` : source.slice(0, width);
  }
  if (stringWidth(source) <= width) return source;
  return options.ellipsis ? `${sliceColumns(source, width - 1)}…` : sliceColumns(source, width);
}

/** Pad with spaces to exactly `width` columns (cutting first when longer). */
export function fitWidth(text: string, width: number): string {
  const cut = cutToWidth(text, width, { ellipsis: true });
  return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

/** Word-wrap plain text to `width` columns; words longer than a line are cut hard. */
export function wrapPlain(text: string, width: number): string[] {
  if (width <= 0) return [];
  return wrapAnsi(text, width, { hard: true, trim: true })
    .split('\n')
    .map((line) => (displayWidth(line) > width ? sliceColumns(line, width) : line));
}

// Turn one line of raw command output into something safe to draw in a pane: a carriage return
// means "redraw this line" (progress bars), so only the last segment counts; tabs become
// spaces at 8-column stops; SGR colour sequences (ESC [ … m) are kept; every other escape
// sequence (cursor movement, clear screen, OSC titles and hyperlinks, DCS) and control
// character is removed, so output can never move the cockpit's cursor or retitle the terminal.

const ESC = 0x1b;
const NEEDS_WORK = /[\x00-\x1f\x7f-\x9f]/;
const SGR_PARAMS = /^[0-9;:]*$/;

/** The visible segment of a line that contains carriage returns: the last non-empty one. */
export function lastSegment(text: string): string {
  if (!text.includes('\r')) return text;
  const segments = text.split('\r');
  for (let i = segments.length - 1; i >= 0; i--) {
    if (segments[i] !== '') return segments[i] as string;
  }
  return '';
}

/** Index just after an escape sequence that starts at `start` (text[start] is ESC). */
function skipEscape(text: string, start: number): { end: number; keep: boolean } {
  const kind = text[start + 1];
  if (kind === undefined) return { end: text.length, keep: false };
  if (kind === '[') {
    let i = start + 2;
    while (i < text.length && /[0-?]/.test(text[i] as string)) i++;
    const paramsEnd = i;
    while (i < text.length && /[ -/]/.test(text[i] as string)) i++;
    if (i >= text.length) return { end: text.length, keep: false };
    const final = text[i];
    const keep = final === 'm' && paramsEnd === i && SGR_PARAMS.test(text.slice(start + 2, paramsEnd));
    return { end: i + 1, keep };
  }
  if (kind === ']' || kind === 'P' || kind === 'X' || kind === '^' || kind === '_') {
    // String sequences end with BEL (OSC only) or ST (ESC \).
    for (let i = start + 2; i < text.length; i++) {
      if (text.charCodeAt(i) === 0x07 && kind === ']') return { end: i + 1, keep: false };
      if (text.charCodeAt(i) === ESC && text[i + 1] === '\\') return { end: i + 2, keep: false };
    }
    return { end: text.length, keep: false };
  }
  // ESC, intermediates (0x20–0x2f), one final byte (e.g. ESC ( B, ESC 7, ESC =).
  let i = start + 1;
  while (i < text.length && /[ -/]/.test(text[i] as string)) i++;
  return { end: Math.min(i + 1, text.length), keep: false };
}

/** One display line from one raw line (no "\n" inside). Pure; used by the tail and the UI. */
export function sanitizeLine(raw: string): string {
  const text = lastSegment(raw);
  if (!NEEDS_WORK.test(text)) return text;
  let out = '';
  let column = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code === ESC) {
      const { end, keep } = skipEscape(text, i);
      if (keep) out += text.slice(i, end);
      i = end;
    } else if (code === 0x09) {
      const width = 8 - (column % 8);
      out += ' '.repeat(width);
      column += width;
      i++;
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      i++;
    } else {
      out += text[i];
      // A surrogate pair is one column.
      if (code < 0xd800 || code > 0xdbff) column++;
      i++;
    }
  }
  return out;
}

/** Remove every escape sequence, SGR included: for plain-text reports and masking checks. */
export function stripAnsi(text: string): string {
  return sanitizeLine(text).replace(/\x1b\[[0-9;:]*m/g, '');
}

// Terminal text helpers: display width and cutting that keep SGR colour codes intact. The
// output pane and every pane line go through cutToWidth so ink never has to wrap anything.

const SGR = /\x1b\[[0-9;:]*m/y;
const ANY_SGR = /\x1b\[[0-9;:]*m/g;

/** East Asian wide and fullwidth ranges (enough for CJK, Hangul and emoji presentation). */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function charWidth(code: number): number {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  // Combining marks take no column.
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f)) return 0;
  return isWide(code) ? 2 : 1;
}

export function stripSgr(text: string): string {
  return text.replace(ANY_SGR, '');
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripSgr(text)) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

/** Expand tabs to 8-column stops and drop control characters other than ESC (kept for SGR). */
export function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    SGR.lastIndex = i;
    const sgr = SGR.exec(text);
    if (sgr) {
      out += sgr[0];
      i += sgr[0].length - 1;
      continue;
    }
    const char = text[i] as string;
    if (char === '\t') {
      const spaces = 8 - (column % 8);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += char;
      column += charWidth(char.codePointAt(0) ?? 0);
    }
  }
  return out;
}

/**
 * Cut to at most `width` columns, keeping SGR sequences (and closing them with a reset when any
 * were seen), with `…` marking the cut when `ellipsis` is set. `color: false` strips SGR.
 */
export function cutToWidth(
  text: string,
  width: number,
  options: { ellipsis?: boolean; color?: boolean } = {},
): string {
  const color = options.color ?? true;
  if (width <= 0) return '';
  const source = color ? text : stripSgr(text);
  if (!source.includes('\x1b') && source.length <= width && !/[^\x20-\x7e]/.test(source)) return source;
  const fits = displayWidth(source) <= width;
  const limit = fits || !options.ellipsis ? width : width - 1;
  let out = '';
  let used = 0;
  let sawSgr = false;
  for (let i = 0; i < source.length; ) {
    SGR.lastIndex = i;
    const sgr = SGR.exec(source);
    if (sgr) {
      out += sgr[0];
      sawSgr = true;
      i += sgr[0].length;
      continue;
    }
    const code = source.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(code);
    const w = char === '\x1b' ? 0 : charWidth(code);
    i += char.length;
    if (char === '\x1b') continue;
    if (used + w > limit) break;
    out += char;
    used += w;
  }
  if (!fits && options.ellipsis) out += '…';
  if (sawSgr) out += '\x1b[0m';
  return out;
}

/** Pad with spaces to exactly `width` columns (cutting first when longer). */
export function fitWidth(text: string, width: number): string {
  const cut = cutToWidth(text, width, { ellipsis: true });
  return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

/** Word-wrap plain text to `width` columns; long words are cut hard. */
export function wrapPlain(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while (displayWidth(rest) > width) {
        if (line) {
          lines.push(line);
          line = '';
        }
        const head = cutToWidth(rest, width);
        lines.push(head);
        rest = rest.slice(head.length);
      }
      if (!line) line = rest;
      else if (displayWidth(line) + 1 + displayWidth(rest) <= width) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

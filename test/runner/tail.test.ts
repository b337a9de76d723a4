// The log tail: display rules for one line, the bounded ring, the live follower on a big file,
// and the last-N reader.
import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineRing } from '../../src/runner/line-ring.js';
import { parseGap } from '../../src/runner/log-tail.js';
import { sanitizeLine, stripAnsi } from '../../src/runner/sanitize.js';
import { createLogTail, readLogTail } from '../../src/runner/tail.js';
import { tempDir, waitFor } from './util.js';

const ESC = '\x1b';

describe('sanitizeLine', () => {
  it('keeps the last segment of a line redrawn with \\r (progress bars, CRLF)', () => {
    expect(sanitizeLine('10%\r20%\r30%')).toBe('30%');
    expect(sanitizeLine('done\r')).toBe('done');
    expect(sanitizeLine('windows line\r')).toBe('windows line');
    expect(sanitizeLine('\r\r')).toBe('');
  });

  it('expands tabs to 8-column stops, not counting colour codes', () => {
    expect(sanitizeLine('a\tb')).toBe('a       b');
    expect(sanitizeLine('12345678\tx')).toBe(`12345678${' '.repeat(8)}x`);
    expect(sanitizeLine(`${ESC}[31mab${ESC}[0m\tc`)).toBe(`${ESC}[31mab${ESC}[0m      c`);
  });

  it('keeps SGR colours and strips cursor movement, clear screen, OSC, DCS and control bytes', () => {
    expect(sanitizeLine(`${ESC}[1;31mred${ESC}[0m ${ESC}[38;5;208mo${ESC}[m`)).toBe(
      `${ESC}[1;31mred${ESC}[0m ${ESC}[38;5;208mo${ESC}[m`,
    );
    expect(sanitizeLine(`${ESC}[2J${ESC}[H${ESC}[10;5Hmoved${ESC}[K`)).toBe('moved');
    expect(sanitizeLine(`${ESC}]0;evil title\x07text`)).toBe('text');
    expect(sanitizeLine(`${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('link');
    expect(sanitizeLine(`${ESC}P1$r${ESC}\\ok`)).toBe('ok');
    expect(sanitizeLine(`${ESC}(B${ESC}7a${ESC}8b\x07\x08\x00c\x7f\u009b`)).toBe('abc');
    expect(sanitizeLine(`${ESC}[?1049h${ESC}[?25lhidden`)).toBe('hidden');
    expect(sanitizeLine(`cut ${ESC}[`)).toBe('cut ');
    expect(sanitizeLine('привет 日本 🚀')).toBe('привет 日本 🚀');
    expect(stripAnsi(`${ESC}[31mred${ESC}[0m`)).toBe('red');
  });
});

describe('LineRing', () => {
  const ring = (maxLines = 3, maxLineBytes = 64, transform?: (line: string) => string) =>
    new LineRing({ maxLines, maxLineBytes, ...(transform ? { transform } : {}) });

  it('keeps the last maxLines lines and shows the pending partial line', () => {
    const r = ring();
    r.feed(Buffer.from('a\nb\nc\nd\npart'));
    expect(r.lines()).toEqual(['c', 'd', 'part']);
    r.feed(Buffer.from('ial\n'));
    expect(r.lines()).toEqual(['c', 'd', 'partial']);
  });

  it('skips lines a chunk pushes out anyway, including an earlier pending line', () => {
    const r = ring();
    r.feed(Buffer.from('old\npend 10%\r'));
    r.feed(Buffer.from('ing\na\nb\nc\nd\ne'));
    expect(r.lines()).toEqual(['c', 'd', 'e']);
    r.feed(Buffer.from('\n'));
    expect(r.lines()).toEqual(['c', 'd', 'e']);
  });

  it('redraws a pending progress line in place across chunks', () => {
    const r = ring();
    r.feed(Buffer.from('start\n 10%'));
    expect(r.lines()).toEqual(['start', ' 10%']);
    r.feed(Buffer.from('\r 50%\r'));
    expect(r.lines()).toEqual(['start', ' 50%']);
    r.feed(Buffer.from(' 99%\r100%\n'));
    expect(r.lines()).toEqual(['start', '100%']);
  });

  it('caps a giant line without newline and keeps reading after it', () => {
    const r = ring(3, 16);
    r.feed(Buffer.alloc(1_000_000, 'x'));
    expect(r.lines()).toEqual([`${'x'.repeat(16)} …`]);
    r.feed(Buffer.from('yyy\nnext\n'));
    expect(r.lines()).toEqual([`${'x'.repeat(16)} …`, 'next']);
  });

  it('does not split a UTF-8 character across chunks', () => {
    const r = ring();
    const bytes = Buffer.from('жук\n');
    r.feed(bytes.subarray(0, 2));
    r.feed(bytes.subarray(2));
    expect(r.lines()).toEqual(['жук']);
  });

  it('builds only the display lines asked for, the pending line last', () => {
    let built = 0;
    const count = (line: string) => {
      built++;
      return line;
    };
    const ring = new LineRing({ maxLines: 3, maxLineBytes: 100, transform: count });
    ring.feed(Buffer.from('a\nb\nc\nd\npartial'));
    expect(ring.size()).toBe(3);
    expect(ring.range(2, 3)).toEqual(['partial']);
    expect(built).toBe(1);
    expect(ring.range(0, 2)).toEqual(['c', 'd']);
    expect(ring.range(-5, 99)).toEqual(ring.lines());
    expect(ring.lines()).toEqual(['c', 'd', 'partial']);
  });

  it('stores a gap marker as it is and keeps output from posing as one', () => {
    const ring = new LineRing({ maxLines: 5, maxLineBytes: 100, transform: (l) => l.replaceAll('1', '*') });
    ring.feed(Buffer.from('half a li'));
    ring.gap('\uE000123');
    ring.feed(Buffer.from('ne\nnext\n\uE000999\n'));
    const lines = ring.lines();
    // The partial line before the gap is gone; the marker passes the transform untouched.
    expect(lines.map((line) => parseGap(line))).toEqual([123, null, null, null]);
    expect(lines.slice(1)).toEqual(['ne', 'next', '\uFFFD999']);
  });

  it('applies the transform (secret masking) to display lines', () => {
    const r = ring(3, 64, (line) => line.replaceAll('hunter2', '***'));
    r.feed(Buffer.from('password=hunter2\n'));
    expect(r.lines()).toEqual(['password=***']);
  });
});

describe('createLogTail', () => {
  it('reads a 50 MB log into a bounded ring and publishes once per pass, not once per chunk', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'log');
    const line = `${'x'.repeat(90)}\t${ESC}[32mok${ESC}[0m${ESC}[K`;
    const block = Buffer.from(Array.from({ length: 10_000 }, (_, i) => `${i} ${line}\n`).join(''));
    const fd = openSync(log, 'a');
    let total = 0;
    for (let i = 0; i < 50 && total < 50 * 1024 * 1024; i++) total += writeSync(fd, block);
    closeSync(fd);
    // No jump ahead: the first pass reads all 50 MB, about fifty 1 MB chunks.
    const tail = createLogTail(log, { maxLines: 100, skipAheadBytes: 1 << 30 });
    const published: number[] = [];
    const unsubscribe = tail.subscribe(() => published.push(tail.bytes()));
    await waitFor(() => published.length > 0, 'the first publish', 20_000);
    expect(published).toEqual([total]);
    const lines = tail.lines();
    expect(lines).toHaveLength(100);
    expect(lines.at(-1)).toBe(`9999 ${'x'.repeat(90)} ${ESC}[32mok${ESC}[0m`);
    // The same array until the next publish (useSyncExternalStore needs a stable snapshot).
    expect(tail.lines()).toBe(lines);
    // The log grows: the next pass publishes once more, a progress bar redrawn in place.
    appendFileSync(log, 'progress 1%\rprogress 2%\rprogress 3%');
    total += Buffer.byteLength('progress 1%\rprogress 2%\rprogress 3%');
    await waitFor(() => published.length > 1, 'the second publish', 20_000);
    expect(published).toEqual([total - Buffer.byteLength('progress 1%\rprogress 2%\rprogress 3%'), total]);
    expect(tail.lines()).not.toBe(lines);
    expect(tail.lines().at(-1)).toBe('progress 3%');
    expect(tail.lines()).toHaveLength(100);
    unsubscribe();
    tail.close();
  });

  it('opens a 30 MB log at its end: reads a window, not the whole file', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'log');
    const block = Array.from({ length: 10_000 }, (_, i) => `line ${i} ${'y'.repeat(80)}\n`).join('');
    const fd = openSync(log, 'a');
    let total = 0;
    while (total < 30 * 1024 * 1024) total += writeSync(fd, block);
    closeSync(fd);
    const tail = createLogTail(log, { maxLines: 100, windowBytes: 65_536, skipAheadBytes: 131_072 });
    await waitFor(() => tail.bytes() === total, 'the tail to reach the end');
    const lines = tail.lines();
    expect(tail.skippedBytes()).toBe(total - 65_536);
    // The window holds ~700 lines: the ring is full of whole lines, the gap pushed out.
    expect(lines).toHaveLength(100);
    expect(lines.every((line) => /^line \d+ y{80}$/.test(line))).toBe(true);
    expect(lines.at(-1)).toBe(`line 9999 ${'y'.repeat(80)}`);
    expect(lines.at(0)).toBe(`line 9900 ${'y'.repeat(80)}`);
    tail.close();
  });

  it('jumps ahead while a log floods and marks where output is missing', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'log');
    const long = (i: number) => `${i} ${'z'.repeat(1000)}\n`;
    appendFileSync(log, 'first\n');
    const tail = createLogTail(log, {
      maxLines: 100,
      windowBytes: 8192,
      skipAheadBytes: 16_384,
      publishMs: 10,
    });
    await waitFor(() => tail.lines()[0] === 'first', 'the first line');
    appendFileSync(log, Array.from({ length: 1000 }, (_, i) => long(i)).join(''));
    await waitFor(() => tail.lines().at(-1)?.startsWith('999 ') === true, 'the last line');
    const lines = tail.lines();
    // 8 KB hold 8 lines of 1 KB: the marker says how much is not shown, then whole lines only.
    expect(lines[0]).toBe('first');
    const gap = parseGap(lines[1] as string);
    expect(gap).toBe(tail.skippedBytes());
    expect(gap).toBeGreaterThan(900_000);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.slice(2).every((line) => /^\d+ z{1000}$/.test(line))).toBe(true);
    tail.close();
  });

  it('waits for a log that does not exist yet', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'log');
    const tail = createLogTail(log, { publishMs: 10, pollMs: 50 });
    expect(tail.lines()).toEqual([]);
    appendFileSync(log, 'hello\n');
    await waitFor(() => tail.lines()[0] === 'hello', 'the first line');
    tail.close();
  });
});

describe('readLogTail', () => {
  it('returns the last N display lines without reading the whole file', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'log');
    appendFileSync(log, Array.from({ length: 100_000 }, (_, i) => `line ${i}\n`).join(''));
    appendFileSync(log, 'bar 10%\rbar 100%\n');
    expect(await readLogTail(log, 3)).toEqual(['line 99998', 'line 99999', 'bar 100%']);
    expect(await readLogTail(log, 0)).toEqual([]);
    expect(await readLogTail(path.join(dir, 'missing'), 3)).toEqual([]);
  });
});

// The bounded heart of a log tail: bytes in, the last N display lines out. Works on bytes so a
// kept line never pins a large decoded chunk in memory (V8 string slices keep their parent),
// and because "\n" and "\r" never occur inside a UTF-8 sequence. Pure: no I/O, no timers.
import { GAP_MARK } from './log-tail.js';
import { sanitizeLine } from './sanitize.js';

const LF = 0x0a;
const CR = 0x0d;
const TRUNCATED = ' …';
export interface LineRingOptions {
  maxLines: number;
  /** A longer line (or one that never ends) keeps its first maxLineBytes bytes. */
  maxLineBytes: number;
  transform?: (line: string) => string;
}

export class LineRing {
  private readonly raw: (string | undefined)[];
  private readonly shown: (string | undefined)[];
  private head = 0;
  private count = 0;
  private pending: Buffer = Buffer.alloc(0);
  /** A "\r" came after the pending text: the next text replaces it. */
  private pendingCr = false;
  private pendingTruncated = false;

  constructor(private readonly options: LineRingOptions) {
    this.raw = new Array(options.maxLines);
    this.shown = new Array(options.maxLines);
  }

  feed(chunk: Buffer): void {
    let start = this.skipEvicted(chunk);
    let nextCr = -2;
    for (;;) {
      const newline = chunk.indexOf(LF, start);
      if (newline < 0) {
        this.appendPending(chunk.subarray(start));
        return;
      }
      if (nextCr !== -1 && nextCr < start) nextCr = chunk.indexOf(CR, start);
      const plain = (nextCr === -1 || nextCr > newline) && newline - start <= this.options.maxLineBytes;
      if (plain && this.pending.length === 0 && !this.pendingCr) {
        // The common case: a whole line inside the chunk, decoded straight into its own string.
        this.store(chunk.toString('utf8', start, newline));
      } else {
        this.appendPending(chunk.subarray(start, newline));
        this.pushLine();
      }
      start = newline + 1;
    }
  }

  /**
   * When the chunk alone holds more than maxLines complete lines, everything before them would be
   * pushed out of the ring anyway: start after them (keeps 200 MB of output cheap to follow).
   */
  private skipEvicted(chunk: Buffer): number {
    let newline = chunk.length;
    for (let found = 0; found <= this.options.maxLines; found++) {
      // (A negative start would count from the end: stop at the chunk's first byte.)
      newline = newline > 0 ? chunk.lastIndexOf(LF, newline - 1) : -1;
      if (newline < 0) return 0;
    }
    this.count = 0;
    this.head = 0;
    this.pending = Buffer.alloc(0);
    this.pendingCr = false;
    this.pendingTruncated = false;
    return newline + 1;
  }

  /**
   * Output was skipped here: the partial line before the gap is dropped (its end is gone) and
   * `marker` (a gapLine) stored as it is, past sanitizing and masking.
   */
  gap(marker: string): void {
    this.pending = Buffer.alloc(0);
    this.pendingCr = false;
    this.pendingTruncated = false;
    this.store(marker, marker);
  }

  /** Completed lines plus the pending partial one (a progress bar being redrawn), for display. */
  lines(): string[] {
    return this.range(0, this.size());
  }

  /** How many lines lines() returns, without building any. */
  size(): number {
    const withPending = this.count + (this.pending.length > 0 ? 1 : 0);
    return Math.min(withPending, this.options.maxLines);
  }

  /**
   * Display lines [start, end) of lines(). Only these are sanitized (and kept so until evicted):
   * a pane shows ~30 of the 2,000 kept lines, and a flood replaces all of them per publish.
   */
  range(start: number, end: number): string[] {
    const size = this.size();
    const from = Math.max(0, start);
    const to = Math.min(size, end);
    // With a pending line and a full ring, the oldest completed line is not shown.
    const dropped = this.count + (this.pending.length > 0 ? 1 : 0) - size;
    const result: string[] = [];
    for (let i = from; i < to; i++) {
      const index = i + dropped;
      if (index === this.count) {
        result.push(this.display(this.pendingText()));
        continue;
      }
      const slot = (this.head + index) % this.options.maxLines;
      let line = this.shown[slot];
      if (line === undefined) {
        line = this.display(this.raw[slot] ?? '');
        this.shown[slot] = line;
      }
      result.push(line);
    }
    return result;
  }

  private display(raw: string): string {
    let clean = sanitizeLine(raw);
    // Output cannot pose as a gap line.
    if (clean.startsWith(GAP_MARK)) clean = `\uFFFD${clean.slice(GAP_MARK.length)}`;
    return this.options.transform ? this.options.transform(clean) : clean;
  }

  private pendingText(): string {
    return this.pending.toString('utf8') + (this.pendingTruncated ? TRUNCATED : '');
  }

  private appendPending(bytes: Buffer): void {
    let start = 0;
    for (;;) {
      const cr = bytes.indexOf(CR, start);
      this.appendSegment(bytes.subarray(start, cr < 0 ? bytes.length : cr));
      if (cr < 0) return;
      this.pendingCr = true;
      start = cr + 1;
    }
  }

  private appendSegment(segment: Buffer): void {
    if (segment.length === 0) return;
    const cap = this.options.maxLineBytes;
    if (this.pendingCr) {
      this.pending = Buffer.from(segment.subarray(0, cap));
      this.pendingTruncated = segment.length > cap;
      this.pendingCr = false;
      return;
    }
    if (this.pendingTruncated) return;
    const room = cap - this.pending.length;
    this.pending = Buffer.concat([this.pending, segment.subarray(0, Math.max(room, 0))]);
    this.pendingTruncated = segment.length > room;
  }

  private pushLine(): void {
    const line = this.pendingText();
    this.pending = Buffer.alloc(0);
    this.pendingCr = false;
    this.pendingTruncated = false;
    this.store(line);
  }

  private store(line: string, shown?: string): void {
    const max = this.options.maxLines;
    const slot = (this.head + this.count) % max;
    this.raw[slot] = line;
    this.shown[slot] = shown;
    if (this.count < max) this.count++;
    else this.head = (this.head + 1) % max;
  }
}

// Reading a journal's lines and verifying each (JSON, checksum, chain, seq + 1), one chunk at a
// time: loadJournal runs it to the end at once, the background check of a checkpointed prefix
// (checkpoint-verify.ts) yields to the event loop between chunks so keys are never held up.
import fs from 'node:fs';
import { UserError } from '../errors.js';
import type { JournalRecord } from './events.js';
import { parseLineBytes } from './record.js';

/** Where a scan starts: the file's beginning, or just after a verified record (a checkpoint). */
export interface ScanStart {
  /** Byte offset of the first line to read. */
  offset: number;
  /** seq and sum of the record before it (0 and '' at the beginning). */
  seq: number;
  sum: string;
  /** Where the line of that record starts (0 at the beginning). */
  lineStart?: number;
}

export const FILE_START: ScanStart = { offset: 0, seq: 0, sum: '' };

export interface ScanTorn {
  line: number;
  offset: number;
  bytes: number;
  reason: string;
}

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1 << 20;

/**
 * Verifies the lines of [start.offset, end) chunk by chunk. Damage before the last line throws
 * `FILE:LINE: reason`; a bad last line is reported as `torn` (the caller decides what that is).
 */
export class JournalScan {
  lastSeq: number;
  lastSum: string;
  /** Offset just after the last verified line, and where that line starts. */
  validEnd: number;
  lastLineStart: number;
  torn: ScanTorn | null = null;
  #lineNo: number;
  // Reused chunks: one 40 MB buffer costs more in page faults than parsing it.
  #buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  #bufferStart: number; // file offset of buffer[0]
  #filled = 0;
  #short = false;

  constructor(
    readonly file: string,
    private readonly fd: number,
    /** Where to stop: the size at open (a writer may append meanwhile) or a checkpoint's offset. */
    private readonly end: number,
    start: ScanStart,
    private readonly onRecord: (record: JournalRecord) => void,
  ) {
    this.lastSeq = start.seq;
    this.lastSum = start.sum;
    this.validEnd = start.offset;
    this.lastLineStart = start.lineStart ?? 0;
    this.#bufferStart = start.offset;
    // One line per record: the line number is the seq.
    this.#lineNo = start.seq;
  }

  get done(): boolean {
    return this.torn !== null || this.#short || this.#bufferStart + this.#filled >= this.end;
  }

  /** Read and verify one chunk; false once the scan is done. */
  step(): boolean {
    if (this.done) return false;
    if (this.#filled === this.#buffer.length) {
      const larger = Buffer.allocUnsafe(this.#buffer.length * 2); // a line longer than the buffer
      this.#buffer.copy(larger, 0, 0, this.#filled);
      this.#buffer = larger;
    }
    const buffer = this.#buffer;
    const want = Math.min(buffer.length - this.#filled, this.end - this.#bufferStart - this.#filled);
    const read = fs.readSync(this.fd, buffer, this.#filled, want, this.#bufferStart + this.#filled);
    if (read === 0) {
      // Shorter than it was at open: what was verified stands (callers check validEnd).
      this.#short = true;
      return false;
    }
    this.#filled += read;
    const atEnd = this.#bufferStart + this.#filled >= this.end;
    let pos = 0;
    for (;;) {
      const newline = buffer.indexOf(NEWLINE, pos);
      if (newline < 0 || newline >= this.#filled) {
        if (atEnd && pos < this.#filled) {
          this.torn = {
            line: this.#lineNo + 1,
            offset: this.#bufferStart + pos,
            bytes: this.#filled - pos,
            reason: 'no newline',
          };
        }
        break;
      }
      this.#lineNo += 1;
      const check = parseLineBytes(buffer, pos, newline);
      if (!check.ok) {
        if (this.#bufferStart + newline === this.end - 1) {
          this.torn = {
            line: this.#lineNo,
            offset: this.#bufferStart + pos,
            bytes: this.end - this.#bufferStart - pos,
            reason: check.reason,
          };
          break;
        }
        throw new UserError(
          `${this.file}:${this.#lineNo}: ${check.reason}; the journal is damaged, refusing to load it`,
        );
      }
      const record = check.record;
      if (record.seq !== this.lastSeq + 1) {
        throw new UserError(
          `${this.file}:${this.#lineNo}: seq ${record.seq} where ${this.lastSeq + 1} was expected (a line was removed or reordered)`,
        );
      }
      if (record.prev !== this.lastSum) {
        throw new UserError(
          `${this.file}:${this.#lineNo}: the chain is broken (prev does not match line ${this.#lineNo - 1})`,
        );
      }
      this.onRecord(record);
      this.lastSeq = record.seq;
      this.lastSum = record.sum;
      this.lastLineStart = this.#bufferStart + pos;
      pos = newline + 1;
      this.validEnd = this.#bufferStart + pos;
    }
    if (this.torn) return false;
    // Keep the unfinished line for the next chunk.
    buffer.copy(buffer, 0, pos, this.#filled);
    this.#bufferStart += pos;
    this.#filled -= pos;
    return !this.done;
  }
}

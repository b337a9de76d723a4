// The append-only journal file: load with verification (and, for the writer, repair of a torn
// last line), append with one write + fsync per event, and follow for watchers.
// Over 300 lines because loading, repairing, appending and following share the file format
// and its checks; each part is a short function.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { JournalEvent, JournalRecord, Operator } from './events.js';
import { failpoint } from './failpoint.js';
import { FILE_START, JournalScan, type ScanStart } from './journal-scan.js';
import { parseLine, parseLineBytes, serializeRecord } from './record.js';
import { fileModeFor, fsyncDir } from './statedir.js';

export interface TornTail {
  /** 1-based line number of the torn line. */
  line: number;
  /** Byte offset where it starts (the journal's valid length). */
  offset: number;
  bytes: number;
  reason: string;
  /** Where the cut-off bytes were kept (repairing load only). */
  keptAt: string | null;
}

export interface LoadedJournal {
  /** Empty when loaded with `keep: false`. */
  records: JournalRecord[];
  /** How many records verified. */
  count: number;
  /** Bytes of verified lines: where appends (and followers) continue. */
  validBytes: number;
  /** Where the last verified line starts (a checkpoint names it). */
  lastLineStart: number;
  lastSeq: number;
  lastSum: string;
  torn: TornTail | null;
}

const NEWLINE = 0x0a;

/**
 * Read and verify every line: JSON, checksum, chain (`prev`), seq + 1. Damage before the last
 * line throws `FILE:LINE: reason` and changes nothing. A bad last line is a torn write: with
 * `repair` it is cut off and kept aside in journal.torn-<seq>; without, it is only reported.
 * `from` starts after a verified record (a checkpoint's): only the lines after it are read.
 */
export function loadJournal(
  file: string,
  options: {
    repair: boolean;
    /** Called with each verified record; with `keep: false` records are not collected (less GC). */
    onRecord?: (record: JournalRecord) => void;
    keep?: boolean;
    from?: ScanStart;
  },
): LoadedJournal {
  const keep = options.keep ?? true;
  const records: JournalRecord[] = [];
  const onRecord = options.onRecord;
  const fd = fs.openSync(file, 'r');
  let scan: JournalScan;
  try {
    // A concurrent writer may append while we read (a watch): we read what was there at open.
    const size = fs.fstatSync(fd).size;
    const from = options.from ?? FILE_START;
    if (from.offset > size) {
      throw new UserError(`${file}: shorter (${size} bytes) than its checkpoint (${from.offset})`);
    }
    scan = new JournalScan(file, fd, size, from, (record) => {
      if (keep) records.push(record);
      onRecord?.(record);
    });
    while (scan.step()) {
      // one chunk at a time, to the end
    }
  } finally {
    fs.closeSync(fd);
  }
  let torn: TornTail | null = scan.torn ? { ...scan.torn, keptAt: null } : null;
  if (torn && options.repair) torn = cutTornTail(file, torn, scan.lastSeq + 1);
  return {
    records,
    count: scan.lastSeq,
    validBytes: torn ? torn.offset : scan.validEnd,
    lastLineStart: scan.lastLineStart,
    lastSeq: scan.lastSeq,
    lastSum: scan.lastSum,
    torn,
  };
}

/**
 * The seq of the journal's last line, read from the end of the file and its checksum checked
 * (not the chain): null when the file is empty, ends in a torn line or cannot be read.
 */
export function lastRecordSeq(file: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fs.fstatSync(fd).size;
    // A record is a few hundred bytes; a gate poll's output at most a few KB: 4 KB first.
    for (const want of [4096, 256 * 1024]) {
      const length = Math.min(size, want);
      const buffer = Buffer.allocUnsafe(length);
      if (fs.readSync(fd, buffer, 0, length, size - length) !== length) return null;
      if (length === 0 || buffer[length - 1] !== NEWLINE) return null;
      const start = buffer.lastIndexOf(NEWLINE, length - 2) + 1;
      if (start === 0 && length < size) continue; // The last line is longer than we read.
      const check = parseLineBytes(buffer, start, length - 1);
      return check.ok ? check.record.seq : null;
    }
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function cutTornTail(file: string, torn: TornTail, seq: number): TornTail {
  const buffer = Buffer.alloc(torn.bytes);
  const source = fs.openSync(file, 'r');
  try {
    fs.readSync(source, buffer, 0, torn.bytes, torn.offset);
  } finally {
    fs.closeSync(source);
  }
  const dir = path.dirname(file);
  let keptAt = path.join(dir, `journal.torn-${seq}`);
  for (let n = 2; fs.existsSync(keptAt); n++) keptAt = path.join(dir, `journal.torn-${seq}.${n}`);
  const temp = `${keptAt}.tmp`;
  const fd = fs.openSync(temp, 'w', fileModeFor(dir));
  try {
    fs.writeSync(fd, buffer, 0, torn.bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  failpoint('rename', 'before');
  fs.renameSync(temp, keptAt);
  failpoint('rename', 'after');
  fsyncDir(dir);
  // Only now drop the bytes from the journal: they are safe on disk elsewhere.
  const journalFd = fs.openSync(file, 'r+');
  try {
    fs.ftruncateSync(journalFd, torn.offset);
    fs.fsyncSync(journalFd);
  } finally {
    fs.closeSync(journalFd);
  }
  return { ...torn, keptAt };
}

/** Create an empty journal exclusively (0600/0660) and make its name durable. */
export function createJournalFile(file: string): void {
  const dir = path.dirname(file);
  const fd = fs.openSync(file, 'wx', fileModeFor(dir));
  try {
    fs.fchmodSync(fd, fileModeFor(dir));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDir(dir);
}

/**
 * Appends to a verified journal. Keeps the file open (O_APPEND) and the last seq and sum in
 * memory, so an append costs the same at event 100 and at event 100,000.
 */
export class JournalWriter {
  #fd: number | null;
  #lastSeq: number;
  #lastSum: string;
  #bytes: number;
  #lastLineStart: number;
  #broken: string | null = null;

  constructor(
    readonly file: string,
    loaded: Pick<LoadedJournal, 'lastSeq' | 'lastSum' | 'validBytes' | 'lastLineStart'>,
  ) {
    this.#fd = fs.openSync(file, 'a');
    this.#lastSeq = loaded.lastSeq;
    this.#lastSum = loaded.lastSum;
    this.#bytes = loaded.validBytes;
    this.#lastLineStart = loaded.lastLineStart;
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** The last record written or loaded, and where its line is: what a checkpoint names. */
  get last(): { seq: number; sum: string; lineStart: number; offset: number } {
    return { seq: this.#lastSeq, sum: this.#lastSum, lineStart: this.#lastLineStart, offset: this.#bytes };
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Write one event durably; returns the record once it is fsynced (acknowledged). */
  append(event: JournalEvent, operator: Operator, time: Date = new Date()): JournalRecord {
    if (this.#fd === null) throw new Error('journal is closed');
    if (this.#broken)
      throw new UserError(`journal ${this.file} failed earlier (${this.#broken}); reopen the run`);
    const { record, line } = serializeRecord({
      seq: this.#lastSeq + 1,
      time: time.toISOString(),
      operator,
      prev: this.#lastSum,
      event,
    });
    const data = Buffer.from(line, 'utf8');
    failpoint('journal.append', 'before');
    try {
      let written = 0;
      while (written < data.length) written += fs.writeSync(this.#fd, data, written, data.length - written);
      fs.fsyncSync(this.#fd);
    } catch (error) {
      // A partial line may be on disk: the next load cuts it off. Never append after it.
      this.#broken = (error as Error).message;
      throw error;
    }
    failpoint('journal.append', 'after');
    this.#lastSeq = record.seq;
    this.#lastSum = record.sum;
    this.#lastLineStart = this.#bytes;
    this.#bytes += data.length;
    return record;
  }

  close(): void {
    if (this.#fd !== null) fs.closeSync(this.#fd);
    this.#fd = null;
  }
}

export interface JournalFollower {
  close(): void;
}

/**
 * Calls `onRecords` with every complete, checksummed line appended after `fromOffset`. Uses
 * fs.watch for promptness and a poll as the fallback (network filesystems, missed events).
 */
export function followJournal(
  file: string,
  fromOffset: number,
  onRecords: (records: JournalRecord[], offset: number) => void,
  options: { pollMs?: number; onError?: (error: Error) => void } = {},
): JournalFollower {
  let offset = fromOffset;
  let closed = false;
  let reading = false;
  const readNew = (): void => {
    if (closed || reading) return;
    reading = true;
    try {
      const size = fs.statSync(file).size;
      if (size <= offset) return;
      const fd = fs.openSync(file, 'r');
      let chunk: Buffer;
      try {
        chunk = Buffer.alloc(size - offset);
        const read = fs.readSync(fd, chunk, 0, chunk.length, offset);
        chunk = chunk.subarray(0, read);
      } finally {
        fs.closeSync(fd);
      }
      const lastNewline = chunk.lastIndexOf(NEWLINE);
      if (lastNewline < 0) return;
      const records: JournalRecord[] = [];
      for (const text of chunk.toString('utf8', 0, lastNewline).split('\n')) {
        const check = parseLine(text);
        if (!check.ok) throw new Error(`${file}: ${check.reason}`);
        records.push(check.record);
      }
      offset += lastNewline + 1;
      onRecords(records, offset);
    } catch (error) {
      options.onError?.(error as Error);
    } finally {
      reading = false;
    }
  };
  let watcher: fs.FSWatcher | null = null;
  try {
    watcher = fs.watch(file, { persistent: false }, () => readNew());
    watcher.on('error', () => {
      watcher?.close();
      watcher = null;
    });
  } catch {
    watcher = null;
  }
  const timer = setInterval(readNew, options.pollMs ?? 500);
  timer.unref();
  setImmediate(readNew);
  return {
    close() {
      closed = true;
      clearInterval(timer);
      watcher?.close();
    },
  };
}

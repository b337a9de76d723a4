// The run's checkpoint: the state (and the folds an open needs) as of one journal record, so an
// open reads and verifies only the lines after it instead of the whole journal. Rebuildable
// like the snapshot, but never trusted as it stands:
// - its own sha256 must match (a torn or edited file is ignored, then rewritten);
// - the journal line it names (seq, sum, where it ends) must be there, its checksum right;
// - the lines before it are verified again and folded in the background (checkpoint-verify.ts)
//   and must give the same state: until then the open is not "verified", and on a mismatch the
//   run stops writing and the checkpoint is removed.
// Its own file, not snapshot.json: conf rewrites the snapshot on every move of the selection,
// and a checkpoint holds every note and poll of the run (MBs for a long one). The writer writes
// it when it closes a run it verified; a crash leaves the previous one, older but still true.
// Format: one line of header JSON (format, seq, sum, lineStart, offset, bytes, sha256 of the
// body), then the body: {"state": RunState, "folds": SavedFolds}.
import fs from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../sys/hash.js';
import { failpoint } from './failpoint.js';
import { type SavedFolds, savedFoldsOf } from './folds.js';
import { parseLineBytes } from './record.js';
import type { RunState } from './state-types.js';
import { checkOwnership, fileModeFor } from './statedir.js';

/** Bump when RunState or what the reducer makes of an event changes: older checkpoints go. */
export const CHECKPOINT_FORMAT = 1;
const NAME = 'checkpoint.jsonl';

export interface Checkpoint {
  /** The last record it covers, and where that record's line starts and ends in the journal. */
  seq: number;
  sum: string;
  lineStart: number;
  offset: number;
  state: RunState;
  folds: SavedFolds;
  /** The body as stored: what the background check compares its own fold with first. */
  body: string;
}

interface Header {
  format: number;
  seq: number;
  sum: string;
  lineStart: number;
  offset: number;
  bytes: number;
  sha256: string;
}

export function checkpointPath(runDir: string): string {
  return path.join(runDir, NAME);
}

function isHeader(value: unknown): value is Header {
  const header = value as Partial<Header> | null;
  return (
    typeof header === 'object' &&
    header !== null &&
    header.format === CHECKPOINT_FORMAT &&
    Number.isInteger(header.seq) &&
    typeof header.sum === 'string' &&
    Number.isInteger(header.lineStart) &&
    Number.isInteger(header.offset) &&
    Number.isInteger(header.bytes) &&
    typeof header.sha256 === 'string' &&
    (header.seq ?? 0) > 0 &&
    (header.lineStart ?? 0) < (header.offset ?? 0)
  );
}

/**
 * The checkpoint when its bytes are intact and the journal holds the record it names; null
 * (with why) otherwise. Missing is null without a reason.
 */
export function readCheckpoint(
  runDir: string,
  journalFile: string,
): { checkpoint: Checkpoint | null; problem: string | null } {
  const file = checkpointPath(runDir);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return { checkpoint: null, problem: null };
  }
  const unusable = (why: string) => ({ checkpoint: null, problem: `the checkpoint ${why}` });
  try {
    checkOwnership(file);
  } catch (error) {
    return unusable(`is not trusted: ${(error as Error).message}`);
  }
  const newline = bytes.indexOf(0x0a);
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline < 0 ? bytes.length : newline));
  } catch {
    return unusable('has no readable header');
  }
  if (!isHeader(header)) return unusable('is of another format or damaged');
  const body = bytes.subarray(newline + 1);
  if (body.length !== header.bytes || sha256Hex(body) !== header.sha256) {
    return unusable('does not match its checksum (torn or edited)');
  }
  const anchor = journalLine(journalFile, header.lineStart, header.offset);
  if (!anchor || anchor.seq !== header.seq || anchor.sum !== header.sum) {
    return unusable(`names a record (seq ${header.seq}) the journal does not hold there`);
  }
  const text = body.toString('utf8');
  let parsed: { state?: RunState; folds?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return unusable('body is not JSON');
  }
  const folds = savedFoldsOf(parsed.folds);
  const state = parsed.state;
  if (!folds || typeof state !== 'object' || state === null || state.lastSeq !== header.seq) {
    return unusable('body is not a run state');
  }
  return {
    checkpoint: {
      seq: header.seq,
      sum: header.sum,
      lineStart: header.lineStart,
      offset: header.offset,
      state,
      folds,
      body: text,
    },
    problem: null,
  };
}

/** The record whose line is [start, end) of the journal (end just after its newline), checksum checked. */
function journalLine(file: string, start: number, end: number): { seq: number; sum: string } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(end - start);
    if (fs.readSync(fd, buffer, 0, buffer.length, start) !== buffer.length) return null;
    if (buffer[buffer.length - 1] !== 0x0a || buffer.indexOf(0x0a) !== buffer.length - 1) return null;
    if (start > 0) {
      const before = Buffer.alloc(1);
      fs.readSync(fd, before, 0, 1, start - 1);
      if (before[0] !== 0x0a) return null;
    }
    const check = parseLineBytes(buffer, 0, buffer.length - 1);
    return check.ok ? { seq: check.record.seq, sum: check.record.sum } : null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Write it whole under a temporary name, then rename: a reader sees the old one or the new. Not
 * fsynced: a checkpoint lost or torn by a power cut fails its checksum and is rebuilt.
 */
export function writeCheckpoint(
  runDir: string,
  at: { seq: number; sum: string; lineStart: number; offset: number },
  state: RunState,
  folds: SavedFolds,
): void {
  const file = checkpointPath(runDir);
  // The ".tmp-" suffix is what sweepConfTemps removes after a crash.
  const temp = `${file}.tmp-${process.pid.toString(36)}`;
  failpoint('checkpoint.write', 'before');
  try {
    const body = Buffer.from(JSON.stringify({ state, folds }), 'utf8');
    const header: Header = {
      format: CHECKPOINT_FORMAT,
      seq: at.seq,
      sum: at.sum,
      lineStart: at.lineStart,
      offset: at.offset,
      bytes: body.length,
      sha256: sha256Hex(body),
    };
    const fd = fs.openSync(temp, 'w', fileModeFor(runDir));
    try {
      fs.writeSync(fd, `${JSON.stringify(header)}\n`);
      fs.writeSync(fd, body);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch {
    // Rebuildable: without it the next open reads the whole journal (a full disk, a state too
    // large for one string).
    fs.rmSync(temp, { force: true });
    return;
  }
  failpoint('checkpoint.write', 'after');
}

export function removeCheckpoint(runDir: string): void {
  fs.rmSync(checkpointPath(runDir), { force: true });
}

/** loadJournal's `from` for the lines after a checkpoint (none without one). */
export function linesAfter(
  checkpoint: { offset: number; seq: number; sum: string; lineStart: number } | null | undefined,
): { from?: { offset: number; seq: number; sum: string; lineStart: number } } {
  if (!checkpoint) return {};
  const { offset, seq, sum, lineStart } = checkpoint;
  return { from: { offset, seq, sum, lineStart } };
}

// One journal line. The line is the canonical JSON of the record without `sum` (keys sorted),
// with `"sum":"<sha256 of those bytes>"` added as the last member:
//   {"data":{…},"operator":{…},"prev":"…","seq":7,"step":"build","time":"…","type":"step.started","sum":"…"}
// Verifying hashes the bytes as they are on disk (no re-serialisation), which keeps loading
// 100,000 lines fast and proves the bytes were not edited.
import { canonicalJson, sha256Hex } from './canonical.js';
import type { JournalEvent, JournalRecord, Operator } from './events.js';

const SUM_SUFFIX = /,"sum":"([0-9a-f]{64})"\}$/;
const SUFFIX_LENGTH = ',"sum":"'.length + 64 + '"}'.length;

export interface RecordInput {
  seq: number;
  time: string;
  operator: Operator;
  prev: string;
  event: JournalEvent;
}

/** The record and its line (with the trailing newline). */
export function serializeRecord(input: RecordInput): { record: JournalRecord; line: string } {
  const unsummed = {
    seq: input.seq,
    time: input.time,
    operator: input.operator,
    type: input.event.type,
    ...(input.event.step !== undefined ? { step: input.event.step } : {}),
    data: input.event.data,
    prev: input.prev,
  };
  const body = canonicalJson(unsummed);
  const sum = sha256Hex(body);
  const line = `${body.slice(0, -1)},"sum":"${sum}"}\n`;
  return { record: { ...unsummed, sum } as JournalRecord, line };
}

export type LineCheck = { ok: true; record: JournalRecord } | { ok: false; reason: string };

/** Parse and checksum one line (without its newline). Chain and seq are checked by the caller. */
export function parseLine(text: string): LineCheck {
  const match = SUM_SUFFIX.exec(text);
  if (!match) return { ok: false, reason: 'no checksum at the end of the line (torn or edited)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const body = `${text.slice(0, text.length - SUFFIX_LENGTH)}}`;
  if (sha256Hex(body) !== match[1]) return { ok: false, reason: 'checksum mismatch (the line was altered)' };
  const record = parsed as Partial<JournalRecord>;
  if (
    typeof record !== 'object' ||
    record === null ||
    !Number.isInteger(record.seq) ||
    typeof record.time !== 'string' ||
    typeof record.type !== 'string' ||
    typeof record.prev !== 'string' ||
    typeof record.operator !== 'object' ||
    typeof record.data !== 'object' ||
    record.data === null
  ) {
    return { ok: false, reason: 'not a journal record (missing seq, time, type, operator, data or prev)' };
  }
  return { ok: true, record: record as JournalRecord };
}

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/journal/events.js';
import {
  createJournalFile,
  followJournal,
  JournalWriter,
  lastRecordSeq,
  loadJournal,
} from '../../src/journal/journal.js';
import { parseLine } from '../../src/journal/record.js';
import { OPERATOR, removeDir, tempDir } from './helpers.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'journal.jsonl');
});
afterEach(() => removeDir(dir));

function note(i: number): JournalEvent {
  return { type: 'note', step: 'build', data: { text: `note ${i} — ünïcödé ✓` } };
}

function writeEvents(count: number): void {
  createJournalFile(file);
  const writer = new JournalWriter(file, { lastSeq: 0, lastSum: '', validBytes: 0, lastLineStart: 0 });
  for (let i = 0; i < count; i++) writer.append(note(i), OPERATOR);
  writer.close();
}

describe('journal', () => {
  it('chains records: seq, prev = sum of the previous, sum over the canonical line', () => {
    writeEvents(3);
    const { records, torn } = loadJournal(file, { repair: false });
    expect(torn).toBeNull();
    expect(records.map((record) => record.seq)).toEqual([1, 2, 3]);
    expect(records[0]?.prev).toBe('');
    expect(records[1]?.prev).toBe(records[0]?.sum);
    expect(records[2]?.prev).toBe(records[1]?.sum);
    expect(records[0]?.operator).toEqual(OPERATOR);
    const line = fs.readFileSync(file, 'utf8').split('\n')[0] ?? '';
    expect(line.startsWith('{"data":')).toBe(true);
    expect(parseLine(line).ok).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reads the last line’s seq from the end of the file, and none from a torn or edited end', () => {
    expect(lastRecordSeq(file)).toBeNull();
    writeEvents(5);
    expect(lastRecordSeq(file)).toBe(5);
    const text = fs.readFileSync(file, 'utf8');
    fs.appendFileSync(file, '{"data":{"text":"half a rec');
    expect(lastRecordSeq(file)).toBeNull();
    fs.writeFileSync(file, text.replace(/note 4 —/, 'note 9 —'));
    expect(lastRecordSeq(file)).toBeNull();
  });

  it('finds a last line longer than its first read of the end (a gate poll’s output)', () => {
    writeEvents(3);
    const loaded = loadJournal(file, { repair: false });
    const writer = new JournalWriter(file, loaded);
    writer.append({ type: 'note', data: { text: 'x'.repeat(20_000) } }, OPERATOR);
    writer.close();
    expect(lastRecordSeq(file)).toBe(4);
  });

  it('a torn last record at every byte offset: loads, reports, repairs to the prefix', () => {
    writeEvents(4);
    const whole = fs.readFileSync(file);
    const lastStart = whole.lastIndexOf(0x0a, whole.length - 2) + 1;
    const prefix = loadJournal(file, { repair: false }).records.slice(0, 3);
    for (let cut = lastStart + 1; cut < whole.length; cut++) {
      fs.writeFileSync(file, whole.subarray(0, cut));
      const readOnly = loadJournal(file, { repair: false });
      expect(readOnly.records).toEqual(prefix);
      expect(readOnly.torn).toMatchObject({ line: 4, offset: lastStart, keptAt: null });
      expect(fs.statSync(file).size).toBe(cut); // read-only changed nothing
      // Repairing fsyncs three times: do it at every 8th offset and at both ends.
      if ((cut - lastStart) % 8 !== 1 && cut !== whole.length - 1) continue;
      const repaired = loadJournal(file, { repair: true });
      expect(repaired.records).toEqual(prefix);
      expect(repaired.torn?.keptAt).toBeTruthy();
      expect(fs.readFileSync(repaired.torn?.keptAt as string)).toEqual(whole.subarray(lastStart, cut));
      expect(fs.readFileSync(file)).toEqual(whole.subarray(0, lastStart));
      fs.rmSync(repaired.torn?.keptAt as string);
    }
  }, 120_000);

  it('appends continue cleanly after a repaired torn tail', () => {
    writeEvents(2);
    fs.appendFileSync(file, '{"data":{"te');
    const loaded = loadJournal(file, { repair: true });
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('journal.torn-'))).toEqual([
      'journal.torn-3',
    ]);
    const writer = new JournalWriter(file, loaded);
    writer.append(note(9), OPERATOR);
    writer.close();
    expect(loadJournal(file, { repair: false }).records.map((record) => record.seq)).toEqual([1, 2, 3]);
  });

  it('a record damaged in the middle: refuses, names the line, changes nothing', () => {
    writeEvents(5);
    const before = fs.readFileSync(file, 'utf8');
    const damaged = before.replace('note 2 ', 'note X ');
    fs.writeFileSync(file, damaged);
    expect(() => loadJournal(file, { repair: true })).toThrow(`${file}:3: checksum mismatch`);
    expect(fs.readFileSync(file, 'utf8')).toBe(damaged);
    expect(fs.readdirSync(dir)).toEqual(['journal.jsonl']);
  });

  it('a removed line breaks the chain and is named', () => {
    writeEvents(5);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.splice(1, 1);
    fs.writeFileSync(file, lines.join('\n'));
    expect(() => loadJournal(file, { repair: false })).toThrow(
      /journal\.jsonl:2: seq 3 where 2 was expected/,
    );
  });

  it('garbage in the middle is refused with its line', () => {
    writeEvents(3);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[1] = 'not json at all';
    fs.writeFileSync(file, lines.join('\n'));
    expect(() => loadJournal(file, { repair: true })).toThrow(/journal\.jsonl:2: no checksum/);
  });

  it('follows appends from another writer', async () => {
    writeEvents(2);
    const loaded = loadJournal(file, { repair: false });
    const seen: number[] = [];
    const follower = followJournal(
      file,
      loaded.validBytes,
      (records) => seen.push(...records.map((r) => r.seq)),
      {
        pollMs: 50,
      },
    );
    const writer = new JournalWriter(file, loaded);
    for (let i = 0; i < 5; i++) writer.append(note(i), OPERATOR);
    writer.close();
    await expect.poll(() => seen, { timeout: 5000 }).toEqual([3, 4, 5, 6, 7]);
    follower.close();
  });
});

describe('journal reading in chunks', () => {
  it('verifies lines that cross chunk boundaries and a line longer than a chunk', () => {
    createJournalFile(file);
    const writer = new JournalWriter(file, { lastSeq: 0, lastSum: '', validBytes: 0, lastLineStart: 0 });
    for (let i = 0; i < 4000; i++) writer.append(note(i), OPERATOR);
    writer.append({ type: 'note', data: { text: 'é'.repeat(1_500_000) } }, OPERATOR);
    for (let i = 0; i < 10; i++) writer.append(note(i), OPERATOR);
    writer.close();
    expect(fs.statSync(file).size).toBeGreaterThan(3 * 1024 * 1024);
    const seen: number[] = [];
    const loaded = loadJournal(file, {
      repair: false,
      keep: false,
      onRecord: (record) => seen.push(record.seq),
    });
    expect(loaded).toMatchObject({
      count: 4011,
      lastSeq: 4011,
      torn: null,
      records: [],
      validBytes: fs.statSync(file).size,
    });
    expect(seen).toEqual(Array.from({ length: 4011 }, (_, i) => i + 1));
    fs.appendFileSync(file, '{"da');
    expect(loadJournal(file, { repair: false, keep: false }).torn).toMatchObject({ line: 4012, bytes: 4 });
  });
});

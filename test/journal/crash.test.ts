// Crash safety, the way trusted stores test it: a failpoint (SIGKILL at the Nth journal
// append, snapshot write or rename) enumerated over a scripted run, and a random kill -9 loop.
// After each crash the journal loads, verifies, and holds exactly a prefix of the scripted
// events that contains every event the process acknowledged.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointPath } from '../../src/journal/checkpoint.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { loadJournal } from '../../src/journal/journal.js';
import { journalPath, runDir } from '../../src/journal/paths.js';
import { openRun } from '../../src/journal/run-open.js';
import { makeLoaded, OPERATOR, removeDir, tempDir } from './helpers.js';
import { inBatches, parseOutput, runScript, runScriptAsync, startScript } from './spawn.js';

/** What an event is, without its time, lock ids and pids: comparable across runs. */
function shape(record: JournalRecord): string {
  const data = { ...(record.data as Record<string, unknown>) };
  for (const volatile of ['lockId', 'pid', 'previousLockId', 'previousPid', 'reason']) delete data[volatile];
  return JSON.stringify([record.seq, record.type, record.step ?? null, data]);
}

let root: string;
let reference: string[];
const JOURNAL = (dir: string) => journalPath(runDir(dir, 'demo', 'r1'));
const CONCURRENCY = 3;

beforeAll(() => {
  root = tempDir('rc-crash-');
  const dir = `${root}/reference`;
  const result = runScript(dir, 'r1', 'script');
  expect(result.code, result.stderr).toBe(0);
  reference = loadJournal(JOURNAL(dir), { repair: false }).records.map(shape);
  expect(reference.length).toBeGreaterThan(15);
});
afterAll(() => removeDir(root));

/** Load (repairing), check the prefix property, then reopen as the next session would. */
function verifyAfterCrash(dir: string, acked: number[]): JournalRecord[] {
  const { records } = loadJournal(JOURNAL(dir), { repair: true });
  const seqs = records.map((record) => record.seq);
  expect(seqs.slice(0, acked.length)).toEqual(acked);
  expect(records.map(shape)).toEqual(reference.slice(0, records.length));
  if (records.length > 0) {
    const store = openRun({
      stateDir: dir,
      loaded: makeLoaded(),
      run: 'r1',
      operator: OPERATOR,
      mode: 'write',
    });
    expect(store.mode).toBe('writer');
    expect(store.snapshot?.lastSeq).toBe(store.state.lastSeq);
    store.close();
  }
  return records;
}

describe('failpoints over a scripted run', () => {
  it('journal.append:N, before the write and after the fsync, for every N of the run', async () => {
    const cases = reference.flatMap((_, i) =>
      (['before', 'after'] as const).map((phase) => ({
        n: i + 1,
        phase,
        dir: `${root}/append-${i + 1}-${phase}`,
      })),
    );
    const results = await inBatches(
      cases.map(
        (c) => () =>
          runScriptAsync(c.dir, 'r1', 'script', { RC_FAILPOINT: `journal.append:${c.n}:${c.phase}` }),
      ),
      CONCURRENCY,
    );
    cases.forEach((c, i) => {
      const crashed = results[i]!;
      expect(crashed.signal, `${c.n}:${c.phase} ${crashed.stderr}`).toBe('SIGKILL');
      const records = verifyAfterCrash(c.dir, crashed.acked);
      // Before: the Nth event never reached the file. After: it is there though unacknowledged.
      expect(records.length).toBe(c.phase === 'before' ? c.n - 1 : c.n);
    });
  }, 300_000);

  it('snapshot.write:N and rename:N', async () => {
    const cases = [1, 2, 3, 4].flatMap((n) =>
      (['before', 'after'] as const).map((phase) => ({
        spec: `snapshot.write:${n}:${phase}`,
        dir: `${root}/snap-${n}-${phase}`,
      })),
    );
    const results = await inBatches(
      cases.map((c) => () => runScriptAsync(c.dir, 'r1', 'script', { RC_FAILPOINT: c.spec })),
      CONCURRENCY,
    );
    cases.forEach((c, i) => {
      const crashed = results[i]!;
      expect(crashed.signal, c.spec).toBe('SIGKILL');
      verifyAfterCrash(c.dir, crashed.acked);
    });
    // rename: a crash in the middle of taking over a dead holder's lock.
    const dir = `${root}/rename`;
    const first = runScript(dir, 'r1', 'script', { RC_FAILPOINT: 'journal.append:5' });
    expect(first.signal).toBe('SIGKILL');
    for (const phase of ['before', 'after']) {
      const crashed = runScript(dir, 'r1', 'script', { RC_FAILPOINT: `rename:1:${phase}` });
      expect(crashed.signal).toBe('SIGKILL');
      expect(loadJournal(JOURNAL(dir), { repair: false }).records).toHaveLength(4);
    }
    const resumed = runScript(dir, 'r1', 'script');
    expect(resumed.code, resumed.stderr).toBe(0);
    // It found no lock (the crashed takeover had moved it away) and took a fresh one; the
    // journal still says the first writer never let go, so the takeover is what is recorded.
    expect(resumed.stdout).toMatch(/^mode writer 5$/m);
    const fifth = loadJournal(JOURNAL(dir), { repair: false }).records[4];
    expect(fifth?.type).toBe('lock.takenOver');
    expect(fifth?.data).toMatchObject({ reason: expect.stringMatching(/never released it/) });
    // The crashed takeover's leftovers were swept by the next writer.
    expect(fs.readdirSync(runDir(dir, 'demo', 'r1')).filter((name) => name.startsWith('.lock'))).toEqual([]);
  }, 180_000);
});

/** The run opened from its checkpoint (when usable) is the run read whole, and it verifies. */
async function checkpointAgrees(dir: string): Promise<void> {
  const open = (verify: 'now' | 'later') =>
    openRun({ stateDir: dir, loaded: makeLoaded(), run: 'r1', operator: OPERATOR, mode: 'read', verify });
  const whole = open('now');
  const fromCheckpoint = open('later');
  expect(fromCheckpoint.checkpointProblem).toBeNull();
  expect(fromCheckpoint.state).toEqual(whole.state);
  expect(await fromCheckpoint.verifyLater()).toBeNull();
  whole.close();
  fromCheckpoint.close();
}

describe('checkpoints', () => {
  it('checkpoint.write:1, before and after: the run loads, and from the checkpoint the same', async () => {
    for (const phase of ['before', 'after'] as const) {
      const dir = `${root}/checkpoint-${phase}`;
      const crashed = runScript(dir, 'r1', 'script', { RC_FAILPOINT: `checkpoint.write:1:${phase}` });
      expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
      expect(fs.existsSync(checkpointPath(runDir(dir, 'demo', 'r1')))).toBe(phase === 'after');
      if (phase === 'after') await checkpointAgrees(dir);
      // Killed in its close: every event was acknowledged, and the release too.
      const records = verifyAfterCrash(dir, crashed.acked);
      expect(records.at(-1)?.type).toBe('lock.released');
      await checkpointAgrees(dir);
    }
  }, 60_000);

  it('12 random kills of sessions that open from the checkpoint and leave one: each reload agrees', async () => {
    const dir = `${root}/checkpoint-loop`;
    const acked = new Set<number>();
    for (let round = 0; round < 12; round++) {
      const writer = startScript(dir, 'r1', 'script', undefined, { SCRIPT_VERIFY: 'later' });
      await expect.poll(() => /^ack /m.test(writer.output()), { timeout: 20_000, interval: 5 }).toBe(true);
      expect(writer.output()).not.toMatch(/^verified (?!ok)/m);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 60)));
      writer.child.kill('SIGKILL');
      await writer.done;
      for (const seq of parseOutput(writer.output()).acked) acked.add(seq);
      const { records } = loadJournal(JOURNAL(dir), { repair: true });
      const seqs = new Set(records.map((record) => record.seq));
      for (const seq of acked) expect(seqs.has(seq)).toBe(true);
      await checkpointAgrees(dir);
    }
  }, 240_000);
});

describe('kill -9 loop', () => {
  it('20 random kills while appending: every reload verifies and keeps what was acknowledged', async () => {
    const dir = `${root}/kill-loop`;
    const acked = new Set<number>();
    for (let round = 0; round < 20; round++) {
      const writer = startScript(dir, 'r1', 'forever');
      await expect.poll(() => /^ack /m.test(writer.output()), { timeout: 20_000, interval: 5 }).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 30)));
      writer.child.kill('SIGKILL');
      await writer.done;
      for (const seq of parseOutput(writer.output()).acked) acked.add(seq);
      const { records, torn } = loadJournal(JOURNAL(dir), { repair: true });
      expect(torn).toBeNull();
      const seqs = new Set(records.map((record) => record.seq));
      for (const seq of acked) expect(seqs.has(seq)).toBe(true);
      expect(records.length - Math.max(...acked)).toBeLessThanOrEqual(1);
    }
    const store = openRun({
      stateDir: dir,
      loaded: makeLoaded(),
      run: 'r1',
      operator: OPERATOR,
      mode: 'write',
    });
    expect(store.mode).toBe('writer');
    expect(store.state.lastSeq).toBeGreaterThan(20);
    store.close();
  }, 240_000);
});

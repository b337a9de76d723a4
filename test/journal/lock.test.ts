import fs from 'node:fs';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/journal/events.js';
import { loadJournal } from '../../src/journal/journal.js';
import { acquireLock, forceUnlock, readLock, releaseLock } from '../../src/journal/lock.js';
import { journalPath, lockPath, runDir } from '../../src/journal/paths.js';
import { createRun } from '../../src/journal/run-open.js';
import { bootId } from '../../src/sys/proc.js';
import { makeLoaded, OPERATOR, removeDir, tempDir } from './helpers.js';
import { runScript, startScript } from './spawn.js';

let stateDir: string;
beforeEach(() => {
  stateDir = tempDir();
});
afterEach(() => removeDir(stateDir));

/** Writers' stretches (lock.taken|takenOver … lock.released) never interleave. */
function expectOneWriterAtATime(records: JournalRecord[]): string[] {
  const writers: string[] = [];
  let holder: string | null = null;
  for (const record of records) {
    if (record.type === 'lock.taken' || record.type === 'lock.takenOver') {
      holder = record.operator.user;
      writers.push(holder);
    } else if (holder !== null) expect(record.operator.user).toBe(holder);
    if (record.type === 'lock.released') holder = null;
  }
  return writers;
}

async function race(count: number): Promise<string[]> {
  const racers = Array.from({ length: count }, (_, i) => startScript(stateDir, 'r1', 'race', `racer-${i}`));
  await Promise.all(racers.map((racer) => racer.done));
  return racers.map((racer) => racer.output());
}

describe('lock', () => {
  it('is exclusive, released by its owner only, forced only with the right id', () => {
    const dir = stateDir;
    const first = acquireLock(dir, OPERATOR);
    expect(first.ok).toBe(true);
    const second = acquireLock(dir, { ...OPERATOR, user: 'bob' });
    expect(second).toMatchObject({
      ok: false,
      holder: { user: 'alice', host: os.hostname(), pid: process.pid },
    });
    if (!first.ok) return;
    expect(first.lock.bootId).toBe(bootId());
    expect(fs.statSync(lockPath(dir)).mode & 0o777).toBe(0o600);
    releaseLock(dir, 'not-mine');
    expect(readLock(dir)).not.toBeNull();
    expect(() => forceUnlock(dir, 'wrong')).toThrow(/does not match the lock held by alice@/);
    expect(forceUnlock(dir, first.lock.lockId)?.lockId).toBe(first.lock.lockId);
    expect(readLock(dir)).toBeNull();
    expect(() => forceUnlock(dir, first.lock.lockId)).toThrow(/not locked/);
  });

  it('is not taken over from a live holder, nor from another host or boot', () => {
    const lock = {
      lockId: 'x',
      user: 'bob',
      pid: 1,
      pidStart: '1',
      tty: null,
      sshClient: null,
      since: 'then',
    };
    for (const other of [
      { host: 'elsewhere', bootId: bootId() },
      { host: os.hostname(), bootId: 'another-boot' },
    ]) {
      fs.writeFileSync(lockPath(stateDir), JSON.stringify({ ...lock, ...other }));
      expect(acquireLock(stateDir, OPERATOR)).toMatchObject({ ok: false, holder: { lockId: 'x' } });
    }
    // A dead pid on this host and boot: taken over.
    fs.writeFileSync(
      lockPath(stateDir),
      JSON.stringify({ ...lock, host: os.hostname(), bootId: bootId(), pid: 2 ** 22 + 7 }),
    );
    const result = acquireLock(stateDir, OPERATOR);
    expect(result).toMatchObject({ ok: true, takenOver: { lockId: 'x' } });
  });

  it('processes racing for a run never write at the same time', async () => {
    createRun({ stateDir, loaded: makeLoaded(), run: 'r1', operator: OPERATOR, variables: {} }).close();
    const outputs = await race(4);
    const writers = outputs.filter((output) => /^mode writer/m.test(output));
    expect(writers.length).toBeGreaterThanOrEqual(1);
    const records = loadJournal(journalPath(runDir(stateDir, 'demo', 'r1')), { repair: false }).records;
    expect(expectOneWriterAtATime(records).slice(1)).toHaveLength(writers.length);
  });

  it('racing to take over a dead holder: exactly one wins it', async () => {
    const crashed = runScript(stateDir, 'r1', 'script', { RC_FAILPOINT: 'journal.append:6' });
    expect(crashed.signal).toBe('SIGKILL');
    await race(4);
    const records = loadJournal(journalPath(runDir(stateDir, 'demo', 'r1')), { repair: false }).records;
    expect(records.filter((record) => record.type === 'lock.takenOver')).toHaveLength(1);
    expectOneWriterAtATime(records);
  });
});

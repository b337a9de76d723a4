import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadJournal } from '../../src/journal/journal.js';
import { journalPath } from '../../src/journal/paths.js';
import { createRun, openRun } from '../../src/journal/run-open.js';
import { listRuns, runExists } from '../../src/journal/runs.js';
import { MASK } from '../../src/plan/secret-mask.js';
import { makeLoaded, OPERATOR, PLAN_INPUT, removeDir, tempDir } from './helpers.js';

let stateDir: string;
beforeEach(() => {
  stateDir = tempDir();
});
afterEach(() => removeDir(stateDir));

describe('run store', () => {
  it('creates a run, appends, closes, and reopens to the same state', () => {
    const loaded = makeLoaded();
    const store = createRun({
      stateDir,
      loaded,
      run: 'v2.0.0',
      operator: OPERATOR,
      variables: { RELEASE_TAG: 'v2.0.0', TOKEN: 'hunter2' },
      secretNames: ['TOKEN'],
    });
    expect(store.mode).toBe('writer');
    store.event('manual.itemConfirmed', { index: 0, text: 'announce' }, 'freeze');
    store.event('step.done', { note: 'ok' }, 'freeze');
    expect(store.state.steps.freeze?.status).toBe('done');
    expect(store.state.steps.deploy?.status).toBe('pending');
    store.close();
    const text = fs.readFileSync(journalPath(store.dir), 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).toContain(MASK);
    expect(fs.statSync(journalPath(store.dir)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(runExists(stateDir, 'demo', 'v2.0.0')).toBe(true);

    const again = openRun({ stateDir, loaded, run: 'v2.0.0', operator: OPERATOR, mode: 'write' });
    expect(again.state.steps.freeze?.status).toBe('done');
    expect(again.state.variables.TOKEN).toBe(MASK);
    expect(again.warnings).toEqual([]);
    const types = loadJournal(journalPath(again.dir), { repair: false }).records.map((record) => record.type);
    expect(types).toEqual([
      'run.created',
      'lock.taken',
      'manual.itemConfirmed',
      'step.done',
      'lock.released',
      'lock.taken',
    ]);
    again.close();
    const runs = listRuns(stateDir);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      planId: 'demo',
      run: 'v2.0.0',
      progress: { done: 1, total: 5 },
      lockHolder: null,
    });
  });

  it('lists a run from its snapshot while it is as new as the journal, else from the journal', () => {
    const loaded = makeLoaded();
    const store = createRun({ stateDir, loaded, run: 'r1', operator: OPERATOR, variables: {} });
    store.event('step.done', { note: 'ok' }, 'freeze');
    store.close();
    expect(listRuns(stateDir)[0]?.progress).toEqual({ done: 1, total: 5 });
    // The summary the snapshot holds is what is listed (here edited, to see it is used)…
    const snapshotFile = path.join(store.dir, 'snapshot.json');
    const snapshot = JSON.parse(fs.readFileSync(snapshotFile, 'utf8'));
    expect(snapshot.summary.progress).toEqual({ done: 1, total: 5 });
    const edited = { ...snapshot, summary: { ...snapshot.summary, progress: { done: 5, total: 5 } } };
    fs.writeFileSync(snapshotFile, JSON.stringify(edited));
    expect(listRuns(stateDir)[0]?.progress).toEqual({ done: 5, total: 5 });
    // …until the journal moves on without it (a writer still open, or killed before closing).
    const writer = openRun({ stateDir, loaded, run: 'r1', operator: OPERATOR, mode: 'write' });
    writer.event('step.skipped', { reason: 'not needed' }, 'build');
    expect(listRuns(stateDir)[0]?.progress).toEqual({ done: 2, total: 5 });
    writer.close();
    expect(listRuns(stateDir)[0]?.progress).toEqual({ done: 2, total: 5 });
    // A snapshot that is not JSON: read from the journal, as before.
    fs.writeFileSync(snapshotFile, '{"torn');
    expect(listRuns(stateDir)[0]).toMatchObject({ progress: { done: 2, total: 5 }, run: 'r1' });
  });

  it('counts the steps of the path the run is on: main (5 here), the rollback (1) once decided', () => {
    const loaded = makeLoaded();
    const store = createRun({ stateDir, loaded, run: 'r1', operator: OPERATOR, variables: {} });
    store.event('step.done', { note: 'ok' }, 'freeze');
    expect(listRuns(stateDir)[0]?.progress).toEqual({ done: 1, total: 5 });
    store.event('rollback.decided', { criterion: 'errors', criterionText: 'error rate above 1%' });
    expect(listRuns(stateDir)[0]?.progress).toEqual({ done: 0, total: 1 });
    store.event('step.done', {}, 'revert');
    store.close();
    expect(listRuns(stateDir)[0]?.progress).toEqual({ done: 1, total: 1 });
  });

  it('a second writer gets a watch that follows the writer', async () => {
    const loaded = makeLoaded();
    const writer = createRun({ stateDir, loaded, run: 'r1', operator: OPERATOR, variables: {} });
    const watch = openRun({
      stateDir,
      loaded,
      run: 'r1',
      operator: { ...OPERATOR, user: 'bob' },
      mode: 'write',
    });
    expect(watch.mode).toBe('watch');
    expect(watch.lockHolder?.user).toBe('alice');
    expect(watch.lockNote).toMatch(/read-only: the run is held by alice@/);
    expect(watch.warnings).toEqual([]);
    expect(() => watch.event('note', { text: 'x' })).toThrow(/read-only/);
    const seen: string[] = [];
    watch.subscribe((record) => seen.push(record.type));
    watch.follow({ pollMs: 50 });
    writer.event('step.skipped', { reason: 'not needed' }, 'build');
    await expect.poll(() => seen, { timeout: 5000 }).toContain('step.skipped');
    expect(watch.state.steps.build?.status).toBe('skipped');
    watch.close();
    writer.close();
  });

  it('tells a watch when the lock can be taken: let go, or its holder is dead', async () => {
    const loaded = makeLoaded();
    const writer = createRun({ stateDir, loaded, run: 'r1', operator: OPERATOR, variables: {} });
    const bob = { ...OPERATOR, user: 'bob' };
    const watch = openRun({ stateDir, loaded, run: 'r1', operator: bob, mode: 'write' });
    expect(watch.lockTakeable).toBe(false);
    watch.follow({ pollMs: 50 });
    writer.close();
    await expect.poll(() => watch.lockTakeable, { timeout: 5000 }).toBe(true);
    expect(watch.lockNote).toBe('lock free: nobody holds the run (opening it takes the lock)');
    watch.close();

    // A holder killed without letting go: its lock.json stays, naming a pid that is gone.
    const second = openRun({ stateDir, loaded, run: 'r1', operator: OPERATOR, mode: 'write' });
    const lockFile = path.join(second.dir, 'lock.json');
    const held = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
    fs.writeFileSync(lockFile, JSON.stringify({ ...held, pid: 2 ** 22 + 7 }));
    const watch2 = openRun({ stateDir, loaded, run: 'r1', operator: bob, mode: 'read' });
    expect(watch2.lockTakeable).toBe(true);
    expect(watch2.lockNote).toMatch(
      /held by alice@.*whose process is gone \(opening the run takes it over\)/,
    );
    watch2.close();
    // Reopening to write takes it over.
    const taker = openRun({ stateDir, loaded, run: 'r1', operator: bob, mode: 'write' });
    expect(taker.mode).toBe('writer');
    expect(taker.warnings.join(' ')).toMatch(/took over/i);
    taker.close();
  });

  it('records a plan change on open and flags a command changed after it ran', () => {
    const loaded = makeLoaded();
    const store = createRun({ stateDir, loaded, run: 'r1', operator: OPERATOR, variables: {} });
    store.event(
      'step.started',
      { attempt: 1, pid: 1, pidStart: '1', bootId: 'b', logPath: 'l', commandDigest: 'old' },
      'build',
    );
    store.event(
      'step.finished',
      { attempt: 1, exitCode: 0, signal: null, durationMs: 5, timedOut: false },
      'build',
    );
    store.close();
    const changed = structuredClone(PLAN_INPUT);
    changed.phases[0]!.steps[1] = { id: 'build', title: 'Build', kind: 'command', run: 'make build' };
    changed.phases[1]!.steps.splice(0, 1, { id: 'deploy2', title: 'Deploy', kind: 'command', run: 'echo d' });
    const store2 = openRun({
      stateDir,
      loaded: makeLoaded(changed),
      run: 'r1',
      operator: OPERATOR,
      mode: 'write',
    });
    expect(store2.warnings.join('\n')).toMatch(
      /1 added \(deploy2\).*1 removed \(deploy\).*command changed after it ran: build/,
    );
    expect(store2.state.steps.build?.commandChanged).toBe(true);
    expect(store2.state.steps.deploy?.removed).toBe(true);
    expect(store2.state.steps.deploy2?.status).toBe('pending');
    store2.close();
    expect(fs.existsSync(path.join(store2.dir, 'snapshot.json'))).toBe(true);
  });
});

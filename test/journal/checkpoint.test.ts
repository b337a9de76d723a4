// The checkpoint: an open that verifies later starts from it and reads only the lines after it;
// a torn, edited, forged or misplaced checkpoint is never what the run ends up trusting.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointPath, readCheckpoint } from '../../src/journal/checkpoint.js';
import { glanceRunState } from '../../src/journal/glance.js';
import { JournalWriter, loadJournal } from '../../src/journal/journal.js';
import { journalPath } from '../../src/journal/paths.js';
import { createRun, openRun } from '../../src/journal/run-open.js';
import type { RunStore } from '../../src/journal/run-store.js';
import { sha256Hex } from '../../src/sys/hash.js';
import { makeLoaded, OPERATOR, removeDir, tempDir } from './helpers.js';

let stateDir: string;
beforeEach(() => {
  stateDir = tempDir('rc-checkpoint-');
});
afterEach(() => removeDir(stateDir));

const loaded = makeLoaded();

/** A run with a few decisions, closed by its writer (which leaves the checkpoint). */
function closedRun(notes = 3): string {
  const store = createRun({
    stateDir,
    loaded,
    run: 'r',
    operator: OPERATOR,
    variables: { RELEASE_TAG: 'v1' },
  });
  store.event('step.done', { note: 'ok' }, 'freeze');
  for (let n = 0; n < notes; n++) store.event('note', { text: `note ${n}` }, 'build');
  store.close();
  return store.dir;
}

function open(mode: 'write' | 'read', verify: 'now' | 'later'): RunStore {
  return openRun({ stateDir, loaded, run: 'r', operator: OPERATOR, mode, verify });
}

/** The state as a full read of the journal gives it (a watch opened with verify 'now'). */
function truth() {
  const store = open('read', 'now');
  store.close();
  return store.state;
}

/** Records appended the way a writer killed before its close leaves them: no new checkpoint. */
function appendWithoutClose(dir: string, texts: string[]): void {
  const journal = loadJournal(journalPath(dir), { repair: false, keep: false });
  const writer = new JournalWriter(journalPath(dir), journal);
  for (const text of texts) writer.append({ type: 'note', step: 'deploy', data: { text } }, OPERATOR);
  writer.close();
}

/** Rewrite the checkpoint's body with `edit` and a matching header: a forgery, not damage. */
function forge(dir: string, edit: (body: { state: { steps: Record<string, { status: string }> } }) => void) {
  const text = fs.readFileSync(checkpointPath(dir), 'utf8');
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline));
  const body = JSON.parse(text.slice(newline + 1));
  edit(body);
  const bytes = Buffer.from(JSON.stringify(body));
  header.bytes = bytes.length;
  header.sha256 = sha256Hex(bytes);
  fs.writeFileSync(checkpointPath(dir), Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), bytes]));
}

describe('the checkpoint', () => {
  it('is left by a writer that closes; an open that verifies later starts from it, then verifies', async () => {
    const dir = closedRun();
    const { checkpoint, problem } = readCheckpoint(dir, journalPath(dir));
    expect(problem).toBeNull();
    expect(checkpoint?.seq).toBe(loadJournal(journalPath(dir), { repair: false }).lastSeq);
    const expected = truth();
    const store = open('read', 'later');
    expect(store.checkpointProblem).toBeNull();
    expect(store.verified).toBe(false);
    expect(store.state).toEqual(expected);
    await expect(store.verifyLater()).resolves.toBeNull();
    expect(store.verified).toBe(true);
    store.close();
  });

  it('replays the records after it: a writer killed before its close left some', async () => {
    const dir = closedRun();
    appendWithoutClose(dir, ['after 1', 'after 2']);
    const expected = truth();
    const store = open('write', 'later');
    expect(store.checkpointProblem).toBeNull();
    expect(store.state.steps.deploy?.notes.map((note) => note.text)).toEqual(['after 1', 'after 2']);
    expect(store.resumeMarks().eventsSinceLeft).toBe(2);
    await expect(store.verifyLater()).resolves.toBeNull();
    store.close();
    // The watch's view (verify now) and the checkpoint it leaves agree with the journal.
    expect(expected.steps.deploy?.notes).toHaveLength(2);
    const again = open('read', 'later');
    await expect(again.verifyLater()).resolves.toBeNull();
    expect(again.state).toEqual(truth());
    again.close();
  });

  it('torn or edited: not used, the state comes from the whole journal and the writer rewrites it', () => {
    const dir = closedRun();
    const bytes = fs.readFileSync(checkpointPath(dir));
    bytes[bytes.length - 5] = 'X'.charCodeAt(0);
    fs.writeFileSync(checkpointPath(dir), bytes);
    const store = open('write', 'later');
    expect(store.checkpointProblem).toMatch(/checksum/);
    expect(store.verified).toBe(true);
    expect(fs.existsSync(checkpointPath(dir))).toBe(false);
    store.close();
    expect(readCheckpoint(dir, journalPath(dir)).problem).toBeNull();
    // Cut short (a crash while writing it): the same.
    fs.truncateSync(checkpointPath(dir), fs.readFileSync(checkpointPath(dir)).indexOf('\n') + 50);
    const watch = open('read', 'later');
    expect(watch.checkpointProblem).toMatch(/checksum/);
    expect(watch.state).toEqual(truth());
    watch.close();
  });

  it('forged (a state its journal does not give, checksum recomputed): the check after open stops all writing', async () => {
    const dir = closedRun();
    forge(dir, (body) => {
      (body.state.steps.deploy as { status: string }).status = 'succeeded';
    });
    const store = open('write', 'later');
    expect(store.state.steps.deploy?.status).toBe('succeeded');
    const problem = await store.verifyLater();
    expect(problem).toMatch(/the checkpoint's state is not what the journal's first \d+ records give/);
    expect(() => store.event('note', { text: 'more' }, 'build')).toThrow(/did not verify.*reopen the run/);
    expect(fs.existsSync(checkpointPath(dir))).toBe(false);
    store.close();
    // Reopened: no checkpoint, the journal read whole; what the forgery said is gone.
    const again = open('write', 'later');
    expect(again.state.steps.deploy?.status).toBe('pending');
    again.close();
  });

  it('a journal damaged before it: found by the check after open, with the line; writing stops', async () => {
    const dir = closedRun(5);
    const file = journalPath(dir);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[2] = (lines[2] as string).replace('"freeze"', '"frozen"');
    fs.writeFileSync(file, lines.join('\n'));
    const store = open('write', 'later');
    expect(store.checkpointProblem).toBeNull();
    const problem = await store.verifyLater();
    expect(problem).toContain(`${file}:3: checksum mismatch`);
    expect(() => store.event('note', { text: 'more' })).toThrow(/did not verify/);
    store.close();
    // The next open reads the whole journal and refuses it, as any damaged journal.
    expect(() => open('write', 'later')).toThrow(`${file}:3`);
  });

  it('naming a record the journal does not hold there (journal replaced or cut): not used', () => {
    const dir = closedRun();
    const file = journalPath(dir);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n`);
    const store = open('read', 'later');
    expect(store.checkpointProblem).toMatch(/names a record \(seq \d+\) the journal does not hold there/);
    expect(store.state.lastSeq).toBe(3);
    store.close();
  });

  it('of another format: not used', () => {
    const dir = closedRun();
    const text = fs.readFileSync(checkpointPath(dir), 'utf8');
    fs.writeFileSync(checkpointPath(dir), text.replace('"format":1', '"format":0'));
    const store = open('read', 'later');
    expect(store.checkpointProblem).toMatch(/another format/);
    expect(store.state).toEqual(truth());
    store.close();
  });

  it('a watch never writes one; a writer that did not verify yet does not either', () => {
    const dir = closedRun();
    fs.rmSync(checkpointPath(dir));
    const watch = open('read', 'now');
    watch.close();
    expect(fs.existsSync(checkpointPath(dir))).toBe(false);
    const writer = open('write', 'now');
    writer.close();
    const made = fs.readFileSync(checkpointPath(dir));
    // Opened from it and closed before the check ran: the old one stays as it was.
    const early = open('write', 'later');
    early.close();
    expect(fs.readFileSync(checkpointPath(dir)).equals(made)).toBe(true);
  });

  it('a glance at another run (durations, a start-screen line: display only) starts from it, trusting it intact', () => {
    const dir = closedRun();
    appendWithoutClose(dir, ['later']);
    forge(dir, (body) => {
      (body.state.steps.announce as { status: string }).status = 'done';
    });
    // A glance trusts an intact checkpoint (its owner verifies it): the forged step shows.
    const state = glanceRunState(dir);
    expect(state.steps.announce?.status).toBe('done');
    expect(state.steps.deploy?.notes.map((note) => note.text)).toEqual(['later']);
  });
});

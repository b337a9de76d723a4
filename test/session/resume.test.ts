// What the resume summary counts as having happened "while no one watched", and what the
// cockpit's open leaves until its first frame is on screen.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointPath, readCheckpoint } from '../../src/journal/checkpoint.js';
import type { JournalEvent, JournalRecord, Operator } from '../../src/journal/events.js';
import { type ResumeMarks, RunFolds } from '../../src/journal/folds.js';
import { emptyRunState, emptyStepState } from '../../src/journal/reducer.js';
import { openRunSession } from '../../src/session/open.js';
import { buildResumeSummary } from '../../src/session/resume.js';
import { sha256Hex } from '../../src/sys/hash.js';
import { eventually, fakeRunner, fixture, OPERATOR, runPath, tempDir } from './helpers.js';

const COLLEAGUE: Operator = { ...OPERATOR, user: 'colleague' };
const TAKEOVER = { lockId: 'b', previousLockId: 'a', previousPid: 1, reason: 'that process is gone' };

function fold(events: [string, Operator, JournalEvent][]): ResumeMarks {
  const resume = new RunFolds();
  events.forEach(([time, operator, event], index) => {
    resume.add({ ...event, seq: index + 1, time, operator, prev: '', sum: '' } as JournalRecord);
  });
  return resume.marks();
}

const sessionThatDied: [string, Operator, JournalEvent][] = [
  ['10:00', OPERATOR, { type: 'lock.taken', data: { lockId: 'a', pid: 1 } }],
  ['10:01', OPERATOR, { type: 'step.done', step: 'freeze', data: {} }],
  ['10:02', OPERATOR, { type: 'step.skipped', step: 'build', data: { reason: 'not needed' } }],
];

describe('RunFolds: the resume marks', () => {
  it('a session of the same operator that died (dropped SSH): left with its last record, nothing by others', () => {
    const marks = fold([
      ...sessionThatDied,
      ['11:00', OPERATOR, { type: 'lock.takenOver', data: { ...TAKEOVER, previousUser: OPERATOR.user } }],
    ]);
    expect(marks).toEqual({ leftAt: '10:02', eventsSinceLeft: 0, planChangedSinceLock: false });
  });

  it('another operator’s dead session: its records count as others’ events', () => {
    const marks = fold([
      ...sessionThatDied,
      ['11:00', COLLEAGUE, { type: 'lock.takenOver', data: { ...TAKEOVER, previousUser: OPERATOR.user } }],
    ]);
    expect(marks.eventsSinceLeft).toBe(2);
    expect(marks.leftAt).toBeNull();
  });

  it('after a clean release, a mark from another terminal is one event by others', () => {
    const marks = fold([
      ...sessionThatDied,
      ['10:03', OPERATOR, { type: 'lock.released', data: { lockId: 'a' } }],
      ['10:30', COLLEAGUE, { type: 'step.done', step: 'deploy', data: {} }],
      ['11:00', OPERATOR, { type: 'lock.taken', data: { lockId: 'c', pid: 2 } }],
    ]);
    expect(marks).toEqual({ leftAt: '10:03', eventsSinceLeft: 1, planChangedSinceLock: false });
  });
});

describe('buildResumeSummary', () => {
  it('carries the note written with an outcome learned at open (a start that never ran)', () => {
    const before = emptyRunState();
    before.steps.once = { ...emptyStepState('once'), status: 'running' };
    const after = emptyRunState();
    const note = {
      at: '11:00',
      by: OPERATOR,
      text: 'could not start: its session ended before the command started; it never ran',
    };
    after.steps.once = { ...emptyStepState('once'), status: 'failed', notes: [note] };
    const marks = { leftAt: '10:02', eventsSinceLeft: 0, planChangedSinceLock: false };
    expect(buildResumeSummary(before, after, marks)?.finished).toEqual([
      { stepId: 'once', status: 'failed', exitCode: null, note: note.text },
    ]);
    // A note the step already had is not news.
    before.steps.once.notes = [note];
    expect(buildResumeSummary(before, after, marks)?.finished).toEqual([
      { stepId: 'once', status: 'failed', exitCode: null },
    ]);
  });
});

describe('the cockpit’s open (deferred): what its first frame does not need comes after it', () => {
  const open = (stateDir: string) =>
    openRunSession({
      planPath: fixture('manual'),
      run: 'r',
      stateDir,
      operator: OPERATOR,
      variables: {},
      runner: fakeRunner({}),
      deferred: true,
    });

  it('other runs’ durations wait for the first frame; a forged checkpoint found after it stops writing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = await open(dir);
      await first.note(null, 'before');
      await first.close();
      const runDir = runPath(dir, 'manual', 'r');
      expect(readCheckpoint(runDir, path.join(runDir, 'journal.jsonl')).problem).toBeNull();
      // Forged: a note the journal never had, the checksum made to match.
      const text = readFileSync(checkpointPath(runDir), 'utf8');
      const newline = text.indexOf('\n');
      const header = JSON.parse(text.slice(0, newline));
      const body = Buffer.from(text.slice(newline + 1).replace('"before"', '"forged"'));
      writeFileSync(
        checkpointPath(runDir),
        Buffer.concat([
          Buffer.from(`${JSON.stringify({ ...header, bytes: body.length, sha256: sha256Hex(body) })}\n`),
          body,
        ]),
      );
      const session = await open(dir);
      expect(session.view().state.notes?.map((note) => note.text)).toEqual(['forged']);
      expect(session.view().warnings).toEqual([]);
      session.firstFrameShown();
      const warnings = await eventually(() => {
        const shown = session.view().warnings;
        return shown.length > 0 ? shown : undefined;
      });
      expect(warnings[0]).toMatch(/the checkpoint's state is not what.*nothing more is written to this run/);
      await expect(session.note(null, 'after')).rejects.toThrow(/did not verify/);
      await session.close();
      const again = await open(dir);
      expect(again.view().state.notes?.map((note) => note.text)).toEqual(['before']);
      await again.close();
    } finally {
      cleanup();
    }
  });
});

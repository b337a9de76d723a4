// What the resume summary counts as having happened "while no one watched".
import { describe, expect, it } from 'vitest';
import type { JournalEvent, JournalRecord, Operator } from '../../src/journal/events.js';
import { emptyRunState, emptyStepState } from '../../src/journal/reducer.js';
import { buildResumeSummary, ResumeFold } from '../../src/session/resume.js';
import { OPERATOR } from './helpers.js';

const COLLEAGUE: Operator = { ...OPERATOR, user: 'colleague' };
const TAKEOVER = { lockId: 'b', previousLockId: 'a', previousPid: 1, reason: 'that process is gone' };

function fold(events: [string, Operator, JournalEvent][]): ReturnType<ResumeFold['snapshot']> {
  const resume = new ResumeFold();
  events.forEach(([time, operator, event], index) => {
    resume.add({ ...event, seq: index + 1, time, operator, prev: '', sum: '' } as JournalRecord);
  });
  return resume.snapshot();
}

const sessionThatDied: [string, Operator, JournalEvent][] = [
  ['10:00', OPERATOR, { type: 'lock.taken', data: { lockId: 'a', pid: 1 } }],
  ['10:01', OPERATOR, { type: 'step.done', step: 'freeze', data: {} }],
  ['10:02', OPERATOR, { type: 'step.skipped', step: 'build', data: { reason: 'not needed' } }],
];

describe('ResumeFold', () => {
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

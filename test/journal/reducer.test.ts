import { describe, expect, it } from 'vitest';
import type { JournalEvent, JournalRecord } from '../../src/journal/events.js';
import { serializeRecord } from '../../src/journal/record.js';
import { applyRecord, reduce } from '../../src/journal/reducer.js';
import { OPERATOR } from './helpers.js';

const BOB = { ...OPERATOR, user: 'bob' };

function records(events: (JournalEvent & { by?: typeof OPERATOR })[]): JournalRecord[] {
  let prev = '';
  return events.map((event, i) => {
    const { by, ...bare } = event;
    const { record } = serializeRecord({
      seq: i + 1,
      time: new Date(Date.UTC(2026, 11, 1, 10, 0, i)).toISOString(),
      operator: by ?? OPERATOR,
      prev,
      event: bare as JournalEvent,
    });
    prev = record.sum;
    return record;
  });
}

const started = (step: string, attempt: number, commandDigest = 'c1'): JournalEvent => ({
  type: 'step.started',
  step,
  data: {
    attempt,
    pid: 100 + attempt,
    pidStart: '5',
    bootId: 'b',
    logPath: `a/${step}/${attempt}/log`,
    commandDigest,
  },
});
const finished = (step: string, attempt: number, exitCode: number | null, extra = {}): JournalEvent => ({
  type: 'step.finished',
  step,
  data: { attempt, exitCode, signal: null, durationMs: 1000 * attempt, timedOut: false, ...extra },
});

const CREATED: JournalEvent = {
  type: 'run.created',
  data: {
    planId: 'demo',
    planPath: '/p.yaml',
    planSha256: 'aaa',
    run: 'v1',
    variables: { TAG: 'v1' },
    stepDigests: { build: 'd1', deploy: 'd2', check: 'd3', old: 'd4' },
  },
};

describe('reducer', () => {
  const log = records([
    CREATED,
    started('build', 1),
    finished('build', 1, 2),
    { type: 'step.retryScheduled', step: 'build', data: { attempt: 1, delayMs: 500 } },
    started('build', 2),
    { type: 'step.output', step: 'build', data: { attempt: 2, logPath: 'a/build/2/log', bytes: 42 } },
    finished('build', 2, 0),
    started('deploy', 1),
    { type: 'step.signalled', step: 'deploy', data: { attempt: 1, signal: 'SIGINT' } },
    { type: 'step.cancelled', step: 'deploy', data: { attempt: 1 } },
    started('deploy', 2),
    { type: 'step.unknown', step: 'deploy', data: { attempt: 2, reason: 'vanished' } },
    { type: 'step.resolved', step: 'deploy', data: { attempt: 2, choice: 'done' }, by: BOB },
    { type: 'manual.itemConfirmed', step: 'check', data: { index: 1, text: 'b' } },
    { type: 'manual.itemConfirmed', step: 'check', data: { index: 0, text: 'a' } },
    { type: 'step.done', step: 'check', data: { note: 'looks fine' } },
    { type: 'step.skipped', step: 'old', data: { reason: 'not this time' } },
    { type: 'note', data: { text: 'run-level' } },
    { type: 'variable.set', data: { name: 'TAG', value: 'v2', origin: 'prompt' } },
    { type: 'message.rendered', step: 'announce', data: { path: 'm/announce-1.txt', sha256: 'h', chars: 9 } },
    { type: 'message.sent', step: 'announce', data: { exitCode: 0, logPath: 'm/log' } },
    { type: 'rollback.decided', data: { criterion: 'errors', criterionText: 'error rate' }, by: BOB },
  ]);

  it('folds every status, attempt and decision', () => {
    const state = reduce(log, { stepIds: ['build', 'deploy', 'check', 'old', 'announce', 'fresh'] });
    expect(state).toMatchObject({ planId: 'demo', run: 'v1', lastSeq: log.length, variables: { TAG: 'v2' } });
    const build = state.steps.build!;
    expect(build.status).toBe('succeeded');
    expect(build.attempts.map((a) => [a.attempt, a.exitCode, a.durationMs])).toEqual([
      [1, 2, 1000],
      [2, 0, 2000],
    ]);
    expect(build.exitCode).toBe(0);
    expect(build.durationMs).toBe(2000);
    expect(build.retryScheduled).toBeNull();
    expect(build.artifacts).toEqual([{ attempt: 2, logPath: 'a/build/2/log', bytes: 42 }]);
    const deploy = state.steps.deploy!;
    expect(deploy.status).toBe('done');
    expect(deploy.attempts[0]?.signals).toEqual(['SIGINT']);
    expect(deploy.attempts[1]?.resolution).toBe('done');
    expect(deploy.decidedBy?.user).toBe('bob');
    const check = state.steps.check!;
    expect(check).toMatchObject({ status: 'done', confirmedItems: [0, 1] });
    expect(check.notes.map((n) => n.text)).toEqual(['looks fine']);
    expect(check.durationMs).toBe(2000);
    expect(state.steps.old).toMatchObject({ status: 'skipped', skipReason: 'not this time' });
    expect(state.steps.announce).toMatchObject({ status: 'succeeded', messages: [{ sentExitCode: 0 }] });
    expect(state.steps.fresh?.status).toBe('pending');
    expect(state.notes?.map((n) => n.text)).toEqual(['run-level']);
    expect(state.rollback).toMatchObject({ criterion: 'errors', by: { user: 'bob' } });
  });

  it('failed, timed out, cancelled and unknown', () => {
    const state = reduce(
      records([
        CREATED,
        started('a', 1),
        finished('a', 1, 0, { timedOut: true }),
        started('b', 1),
        finished('b', 1, null, { signal: 'SIGKILL' }),
        started('c', 1),
        { type: 'step.cancelled', step: 'c', data: { attempt: 1 } },
        started('d', 1),
        { type: 'step.unknown', step: 'd', data: { attempt: 1, reason: 'gone' } },
        started('e', 1),
        { type: 'step.unknown', step: 'e', data: { attempt: 1, reason: 'gone' } },
        { type: 'step.resolved', step: 'e', data: { attempt: 1, choice: 'rerun' } },
        { type: 'step.markedFailed', step: 'f', data: { note: 'broken' } },
      ]),
    );
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => state.steps[id]?.status)).toEqual([
      'failed',
      'failed',
      'cancelled',
      'unknown',
      'pending',
      'failed',
    ]);
  });

  it('plan changes: removed steps keep history, changed commands are flagged until re-run', () => {
    const changed: JournalEvent = {
      type: 'plan.changed',
      data: {
        fromSha256: 'aaa',
        toSha256: 'bbb',
        planPath: '/p.yaml',
        stepDigests: { build: 'd1x', check: 'd3', fresh: 'd9' },
        added: ['fresh'],
        removed: ['deploy', 'old'],
        changed: [
          { id: 'build', commandChanged: true },
          { id: 'check', commandChanged: true },
        ],
      },
    };
    const before = records([
      CREATED,
      started('build', 1),
      finished('build', 1, 0),
      changed,
      started('build', 2, 'c2'),
    ]);
    const after = reduce(before.slice(0, 4));
    expect(after.planSha256).toBe('bbb');
    expect(after.steps.build?.commandChanged).toBe(true);
    expect(after.steps.check?.commandChanged).toBe(false); // never ran
    expect(after.steps.deploy?.removed).toBe(true);
    expect(after.steps.fresh?.status).toBe('pending');
    expect(after.planChanges).toHaveLength(1);
    expect(reduce(before).steps.build?.commandChanged).toBe(false);
  });

  it('applyRecord is incremental, equal to reduce, and leaves its input alone', () => {
    let state = reduce([]);
    const snapshots = [];
    for (const record of log) {
      const frozen = JSON.stringify(state);
      const next = applyRecord(state, record);
      expect(JSON.stringify(state)).toBe(frozen);
      snapshots.push(next);
      state = next;
    }
    expect(state).toEqual(reduce(log));
    expect(snapshots[1]?.steps.build?.attempts).toHaveLength(1);
  });
});

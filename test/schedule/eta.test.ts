// The schedule model on recorded durations: where the release stands against its window,
// when the phase and the day end (p50/p90), and the step running past its p90.
import { describe, expect, it } from 'vitest';
import { emptyStepState } from '../../src/journal/reducer.js';
import { dayFromT0, endOfDay, isoInZone, parseT0 } from '../../src/schedule/clock.js';
import { buildSchedule } from '../../src/schedule/eta.js';
import { historyFromStates, percentile } from '../../src/schedule/history.js';
import { lagText, positionLabel, scheduleLine } from '../../src/schedule/words.js';
import { durations, NOW, plan, runState } from './scenario.js';

const iso = (date: Date | null | undefined) => (date ? isoInZone(date, 180).slice(0, 16) : null);

describe('schedule and ETA', () => {
  it('stands 18 minutes behind at T0 +01:12, and says when the phase ends', () => {
    const model = buildSchedule({ plan, state: runState(), now: NOW, durations });
    expect(positionLabel(model)).toBe('T0 +01:12');
    // migrate was planned 22:40–23:05 (backup 22:00 + p50 40m, then p50 25m); it started at
    // 22:58, so with its p50 it ends 23:23: 18 minutes late.
    const migrate = model.steps.find((step) => step.stepId === 'migrate');
    expect([iso(migrate?.plannedStart), iso(migrate?.plannedEnd)]).toEqual([
      '2026-12-01T22:40',
      '2026-12-01T23:05',
    ]);
    expect(iso(migrate?.projectedEnd)).toBe('2026-12-01T23:23');
    expect(model.current?.stepId).toBe('migrate');
    expect(model.behindMs).toBe(18 * 60_000);
    expect(lagText(model, 'en')).toBe('18 min behind');
    expect(lagText(model, 'ru')).toBe('отставание 18 мин');
    // check follows: p50 5m → 23:28; with p90 (migrate 30m → 23:28, check 5m) → 23:33.
    expect(model.phaseEnd?.phaseId).toBe('release');
    expect([iso(model.phaseEnd?.p50), iso(model.phaseEnd?.p90)]).toEqual([
      '2026-12-01T23:28',
      '2026-12-01T23:33',
    ]);
    expect([iso(model.dayEnd?.p50), iso(model.dayEnd?.p90)]).toEqual([
      '2026-12-01T23:28',
      '2026-12-01T23:33',
    ]);
    expect(model.overrun).toBeNull();
    expect(scheduleLine(model, 'en')).toBe('T0 +01:12, 18 min behind · phase ends ~23:28 (p90 23:33)');
    // A freeze due at T0-2h is planned then, before the window opens; the backup at T0.
    const freeze = model.steps.find((step) => step.stepId === 'freeze');
    expect(iso(freeze?.plannedStart)).toBe('2026-12-01T20:00');
    expect(iso(model.steps.find((step) => step.stepId === 'backup')?.plannedStart)).toBe('2026-12-01T22:00');
  });

  it('names the step running past its p90, and the end moves with now', () => {
    const late = new Date('2026-12-01T20:30:00.000Z'); // 23:30, migrate has run 32 minutes
    const model = buildSchedule({ plan, state: runState(), now: late, durations });
    expect(model.overrun).toEqual({ stepId: 'migrate', elapsedMs: 32 * 60_000, p90Ms: 30 * 60_000 });
    expect(model.behindMs).toBe(25 * 60_000);
    expect(iso(model.phaseEnd?.p50)).toBe('2026-12-01T23:35');
    expect(scheduleLine(model, 'ru')).toBe(
      'T0 +01:30, отставание 25 мин · этап закончится ~23:35 (p90 23:35) · migrate дольше своего p90 (00:30)',
    );
  });

  it('ahead of schedule, before T0, and without history', () => {
    const early = runState();
    early.steps.backup = {
      ...early.steps.backup!,
      startedAt: '2026-12-01T18:55:00.000Z',
      endedAt: '2026-12-01T19:25:00.000Z',
    };
    early.steps.migrate = { ...early.steps.migrate!, startedAt: '2026-12-01T19:25:00.000Z' };
    const model = buildSchedule({ plan, state: early, now: new Date('2026-12-01T19:30:00.000Z'), durations });
    expect(model.behindMs).toBe(-15 * 60_000);
    expect(lagText(model, 'en')).toBe('15 min ahead');
    const before = buildSchedule({
      plan,
      state: runState(),
      now: new Date('2026-12-01T18:15:00.000Z'),
      durations,
    });
    expect(positionLabel(before)).toBe('T0 \u221200:45');
    const days = buildSchedule({
      plan,
      state: runState(),
      now: new Date('2026-11-28T12:00:00.000Z'),
      durations,
    });
    expect(positionLabel(days)).toBe('T\u22123');
    const none = buildSchedule({ plan, state: runState(), now: NOW, durations: new Map() });
    expect(none.steps.find((step) => step.stepId === 'migrate')?.p50Ms).toBeNull();
    expect(none.overrun).toBeNull();
  });

  it('after a rollback decision the rollback path is what stands', () => {
    const state = runState();
    state.rollback = {
      criterion: 'x',
      criterionText: 'x',
      at: '2026-12-01T20:00:00.000Z',
      by: state.createdBy,
    };
    const model = buildSchedule({ plan, state, now: NOW, durations });
    expect(model.current).toBeNull();
  });

  it('history prefers runs of the same plan digest; percentiles are nearest-rank', () => {
    const a = runState();
    a.planSha256 = 'aaa';
    a.steps.backup = {
      ...emptyStepState('backup'),
      status: 'succeeded',
      attempts: [],
      startedAt: '2026-12-01T19:00:00.000Z',
      endedAt: '2026-12-01T19:30:00.000Z',
    };
    const b = runState();
    b.planSha256 = 'bbb';
    b.steps.backup = {
      ...emptyStepState('backup'),
      status: 'succeeded',
      startedAt: '2026-12-01T19:00:00.000Z',
      endedAt: '2026-12-01T20:00:00.000Z',
    };
    const same = historyFromStates(
      [
        { run: 'r1', state: a },
        { run: 'r2', state: b },
      ],
      'bbb',
    );
    expect(same).toMatchObject({ basis: 'digest', runs: ['r2'] });
    expect(same.samples.get('backup')).toEqual([60 * 60_000]);
    const any = historyFromStates(
      [
        { run: 'r1', state: a },
        { run: 'r2', state: b },
      ],
      'ccc',
    );
    expect(any).toMatchObject({ basis: 'id', runs: ['r1', 'r2'] });
    expect(any.samples.get('backup')).toEqual([30 * 60_000, 60 * 60_000]);
    expect(percentile([30, 40, 50, 60], 50)).toBe(40);
    expect(percentile([30, 40, 50, 60], 90)).toBe(60);
    expect(percentile([5], 90)).toBe(5);
  });

  it('counts calendar days in T0’s zone', () => {
    const t0 = parseT0('2026-12-01T22:00+03:00');
    expect(t0?.offsetMinutes).toBe(180);
    if (!t0) return;
    expect(dayFromT0(new Date('2026-12-01T21:30:00Z'), t0)).toBe(1); // 00:30 on Dec 2 in +03:00
    expect(dayFromT0(new Date('2026-11-30T20:59:00Z'), t0)).toBe(-1);
    expect(isoInZone(endOfDay(t0, 0), 180)).toBe('2026-12-02T00:00:00+03:00');
  });
});

// A release with recorded durations, shared by the schedule and timeline tests: T0 is
// 2026-12-01 22:00 +03:00; earlier runs took freeze 10/12/20 min, backup 30/40/50/60,
// migrate 20/25/30, check 5. This run froze 20:05–20:20, backed up 22:10–22:58 and has been
// migrating since 22:58.
import { emptyRunState, emptyStepState } from '../../src/journal/reducer.js';
import type { RunState, StepState } from '../../src/journal/state-types.js';
import { loadPlanText } from '../../src/plan/load.js';

export const PLAN_TEXT = `
id: eta
title: "ETA: test; release #1"
version: 1
language: en
t0: RELEASE_AT
variables:
  RELEASE_AT: { description: T0, pattern: '.+', freeText: true }
phases:
  - id: prep
    title: Preparation
    window: T-2..T-1
    steps:
      - { id: announce, kind: note, title: Announce, text: Tell them }
  - id: release
    title: "Release: day"
    window: T0
    steps:
      - { id: freeze, kind: manual, title: Freeze, due: T0-2h, items: [Frozen] }
      - { id: backup, kind: command, title: "Backup #db", run: "true" }
      - { id: migrate, kind: command, title: "section: migrate; now", run: "true" }
      - { id: check, kind: gate, title: Check, run: "true", interval: 10s, timeout: 5m }
  - id: after
    title: After
    window: T+1
    steps:
      - { id: review, kind: manual, title: Review, items: [Looked] }
`;

export const plan = loadPlanText(PLAN_TEXT, 'eta.yaml').plan;
const min = 60_000;
export const durations = new Map<string, number[]>([
  ['freeze', [10 * min, 12 * min, 20 * min]],
  ['backup', [30 * min, 40 * min, 50 * min, 60 * min]],
  ['migrate', [20 * min, 25 * min, 30 * min]],
  ['check', [5 * min]],
]);

function step(id: string, fields: Partial<StepState>): StepState {
  return { ...emptyStepState(id), ...fields };
}

export function runState(): RunState {
  const state = emptyRunState();
  state.planId = 'eta';
  state.run = 'prod';
  state.variables = { RELEASE_AT: '2026-12-01T22:00+03:00' };
  state.steps = {
    announce: step('announce', {
      status: 'done',
      startedAt: '2026-11-29T19:00:00.000Z',
      endedAt: '2026-11-29T19:00:00.000Z',
    }),
    freeze: step('freeze', {
      status: 'done',
      startedAt: '2026-12-01T17:05:00.000Z',
      endedAt: '2026-12-01T17:20:00.000Z',
    }),
    backup: step('backup', {
      status: 'succeeded',
      startedAt: '2026-12-01T19:10:00.000Z',
      endedAt: '2026-12-01T19:58:00.000Z',
      durationMs: 48 * min,
    }),
    migrate: step('migrate', { status: 'running', startedAt: '2026-12-01T19:58:00.000Z' }),
    check: step('check', {}),
    review: step('review', {}),
  };
  return state;
}

/** 23:12 +03:00: T0 + 1h12m. */
export const NOW = new Date('2026-12-01T20:12:00.000Z');

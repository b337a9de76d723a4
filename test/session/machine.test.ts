// The step state machine's rules, pure: what a headless driver does next from a given state,
// and which statuses a step may start from.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JournalRecord } from '../../src/journal/events.js';
import { reduce } from '../../src/journal/reducer.js';
import { listSteps } from '../../src/plan/outline.js';
import { type Plan, PlanSchema } from '../../src/plan/schema.js';
import { nextAction, startRefusal } from '../../src/session/machine.js';
import { OPERATOR } from './helpers.js';

const plan: Plan = PlanSchema.parse(
  parse(`
id: m
title: Machine
version: 1
language: en
variables:
  WHO: { description: who, pattern: '[a-z]+' }
  TAG: { description: tag, pattern: 'v[0-9]+' }
phases:
  - id: p
    title: P
    window: T0
    steps:
      - { id: n, kind: note, title: Note, text: hi }
      - { id: c, kind: command, title: C, run: 'echo "$TAG"' }
      - { id: d, kind: command, title: D, run: 'echo', confirm: GO }
      - { id: w, kind: prompt, title: W, variable: WHO }
      - { id: m, kind: manual, title: M, items: [a, b] }
rollback:
  criteria: [{ id: bad, text: bad }]
  steps:
    - { id: r, kind: command, title: R, run: echo }
`),
);

let seq = 0;
function record(type: string, step: string | undefined, data: object): JournalRecord {
  seq += 1;
  return {
    type,
    ...(step ? { step } : {}),
    data,
    seq,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    operator: OPERATOR,
    prev: '',
    sum: '',
  } as JournalRecord;
}

function stateOf(...records: JournalRecord[]) {
  return reduce(records, { stepIds: listSteps(plan).map((ref) => ref.step.id) });
}

const started = (step: string, attempt = 1) =>
  record('step.started', step, {
    attempt,
    pid: 1,
    pidStart: '1',
    bootId: 'b',
    logPath: 'l',
    commandDigest: 'd',
  });
const finished = (step: string, exitCode: number, attempt = 1) =>
  record('step.finished', step, { attempt, exitCode, signal: null, durationMs: 1, timedOut: false });

describe('nextAction', () => {
  const has = (names: string[]) => (name: string) => names.includes(name);

  it('reads notes, then runs a command whose variables are set', () => {
    expect(nextAction(plan, stateOf(), has([]))).toMatchObject({
      kind: 'auto-done',
      ref: { step: { id: 'n' } },
    });
    const afterNote = stateOf(record('step.done', 'n', {}));
    expect(nextAction(plan, afterNote, has(['TAG']))).toMatchObject({
      kind: 'run',
      ref: { step: { id: 'c' } },
    });
    expect(nextAction(plan, afterNote, has([]))).toMatchObject({
      kind: 'needs-person',
      need: expect.stringMatching(/TAG/),
    });
  });

  it('waits for a running step and for a scheduled retry; a failed one stops the run', () => {
    const base = [record('step.done', 'n', {})];
    expect(nextAction(plan, stateOf(...base, started('c')), has(['TAG'])).kind).toBe('wait');
    const failed = [...base, started('c'), finished('c', 2)];
    expect(nextAction(plan, stateOf(...failed), has(['TAG']))).toMatchObject({
      kind: 'failed',
      need: expect.stringMatching(/exit code 2/),
    });
    const retry = record('step.retryScheduled', 'c', { attempt: 2, delayMs: 10 });
    expect(nextAction(plan, stateOf(...failed, retry), has(['TAG'])).kind).toBe('wait');
  });

  it('needs a person for a confirm word, an unknown outcome, a prompt without value and a checklist', () => {
    const ok = [record('step.done', 'n', {}), started('c'), finished('c', 0)];
    expect(nextAction(plan, stateOf(...ok), has(['TAG']))).toMatchObject({
      kind: 'needs-person',
      need: 'typed confirmation "GO"',
    });
    const unknown = stateOf(...ok, started('d'), record('step.unknown', 'd', { attempt: 1, reason: 'gone' }));
    expect(nextAction(plan, unknown, has(['TAG']))).toMatchObject({
      kind: 'needs-person',
      ref: { step: { id: 'd' } },
    });
    const dDone = [...ok, record('step.done', 'd', {})];
    expect(nextAction(plan, stateOf(...dDone), has(['TAG']))).toMatchObject({
      kind: 'needs-person',
      ref: { step: { id: 'w' } },
    });
    expect(nextAction(plan, stateOf(...dDone), has(['TAG', 'WHO']))).toMatchObject({ kind: 'auto-done' });
    const wDone = [...dDone, record('step.done', 'w', {})];
    expect(nextAction(plan, stateOf(...wDone), has([]))).toMatchObject({
      kind: 'needs-person',
      ref: { step: { id: 'm' } },
    });
    // The main path done: finished; the rollback path only after a decision.
    const all = [...wDone, record('step.done', 'm', {})];
    expect(nextAction(plan, stateOf(...all), has([])).kind).toBe('finished');
    const decided = [
      ...all,
      record('rollback.decided', undefined, { criterion: 'bad', criterionText: 'bad' }),
    ];
    expect(nextAction(plan, stateOf(...decided), has([]))).toMatchObject({
      kind: 'run',
      ref: { step: { id: 'r' } },
    });
  });
});

describe('startRefusal', () => {
  const command = plan.phases[0]?.steps[1];
  const manual = plan.phases[0]?.steps[4];
  it('starts from pending, failed and cancelled only', () => {
    if (!command || !manual) throw new Error('fixture');
    expect(startRefusal(command, 'pending')).toBeNull();
    expect(startRefusal(command, 'failed')).toBeNull();
    expect(startRefusal(command, 'cancelled')).toBeNull();
    expect(startRefusal(command, 'running')).toMatch(/already running/);
    expect(startRefusal(command, 'unknown')).toMatch(/unknown outcome/);
    expect(startRefusal(command, 'succeeded')).toMatch(/already succeeded/);
    expect(startRefusal(manual, 'pending')).toMatch(/manual step/);
  });
});

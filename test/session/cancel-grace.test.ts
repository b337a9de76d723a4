// Cancel's grace comes from the step (cancelGrace, default 5s) and reaches the hosts; each signal
// a host sent is journaled with the host and its time, and shows in status lines and the report.
import { expect, it } from 'vitest';
import type { JournalEvent, JournalRecord } from '../../src/journal/events.js';
import { serializeRecord } from '../../src/journal/record.js';
import { reduce } from '../../src/journal/reducer.js';
import { CommandStepSchema } from '../../src/plan/schema.js';
import type { StepContext } from '../../src/session/context.js';
import { eventLine } from '../../src/session/event-line.js';
import { cancelGraceMs, rollout } from '../../src/session/launch.js';
import { OPERATOR } from '../journal/helpers.js';

const ctx = { plan: {} } as unknown as StepContext;
const step = (extra: Record<string, unknown>) =>
  CommandStepSchema.parse({
    id: 'deploy',
    title: 'Deploy',
    kind: 'command',
    run: 'true',
    hosts: ['a'],
    ...extra,
  });

it('takes the grace between INT, TERM and KILL from the step, 5 s when it names none', () => {
  expect(cancelGraceMs(step({ cancelGrace: '30s' }))).toBe(30_000);
  expect(cancelGraceMs(step({}))).toBe(5000);
  expect(rollout(ctx, step({ cancelGrace: '2m' }), 1)?.cancelGraceMs).toBe(120_000);
  expect(() => step({ cancelGrace: 'soon' })).toThrow();
});

it("journals each host signal beside the attempt, with the host and the host's time", () => {
  const events: JournalEvent[] = [
    {
      type: 'step.started',
      step: 'deploy',
      data: {
        attempt: 1,
        pid: 7,
        pidStart: '1',
        bootId: 'b',
        logPath: 'l',
        commandDigest: 'c',
        hosts: ['a', 'b'],
      },
    } as JournalEvent,
    {
      type: 'step.signalled',
      step: 'deploy',
      data: { attempt: 1, signal: 'SIGINT', host: 'a', at: '2026-12-01T10:00:05Z' },
    },
    {
      type: 'step.signalled',
      step: 'deploy',
      data: { attempt: 1, signal: 'SIGTERM', host: 'a', at: '2026-12-01T10:00:10Z' },
    },
  ];
  let prev = '';
  const recs: JournalRecord[] = events.map((event, i) => {
    const { record } = serializeRecord({
      seq: i + 1,
      time: '2026-12-01T10:00:00.000Z',
      operator: OPERATOR,
      prev,
      event,
    });
    prev = record.sum;
    return record;
  });
  const attempt = reduce(recs).steps.deploy?.attempts[0];
  expect(attempt?.signals).toEqual([]);
  expect(attempt?.hostSignals).toEqual([
    { host: 'a', signal: 'SIGINT', at: '2026-12-01T10:00:05Z' },
    { host: 'a', signal: 'SIGTERM', at: '2026-12-01T10:00:10Z' },
  ]);
  const last = recs[2];
  if (!last) throw new Error('no record');
  expect(eventLine(last)).toContain('sent SIGTERM on a at 2026-12-01T10:00:10Z');
});

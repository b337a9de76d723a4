// The main screen's header says where the release stands against its window, from the plan's
// earlier runs (rehearsals): recorded durations of freeze, backup, migrate and check, this run
// migrating since 22:58 at 23:12 (+03:00). Without earlier runs the line is not there.

import { cleanup } from 'ink-testing-library';
import { afterEach, expect, it } from 'vitest';
import { durations, NOW, plan, runState } from '../schedule/scenario.js';
import { FakeSession } from './fake-session.js';
import { renderRun } from './harness.js';

afterEach(() => cleanup());

const header = (frame: string) => frame.split('\n').slice(0, 4).join('\n');

it('at T0 +01:12: 18 min behind and when the phase ends, p50 and p90 (en, ru)', async () => {
  const session = new FakeSession({ plan, state: runState(), durationSamples: durations });
  const en = await renderRun(session, { now: NOW, columns: 100 });
  expect(header(en.frame())).toContain('◷ 18 min behind · phase ends ~23:28 (p90 23:33)');
  en.unmount();
  const ru = await renderRun(session, { now: NOW, columns: 100, lang: 'ru' });
  expect(header(ru.frame())).toContain('◷ отставание 18 мин · этап закончится ~23:28 (p90 23:33)');
});

it('names a step running past its p90, and has no line without earlier runs', async () => {
  const late = new Date('2026-12-01T20:30:00.000Z');
  const session = new FakeSession({ plan, state: runState(), durationSamples: durations });
  const view = await renderRun(session, { now: late, columns: 120 });
  expect(header(view.frame())).toContain('25 min behind');
  expect(header(view.frame())).toContain('migrate is past its p90 (00:30)');
  view.unmount();
  const none = await renderRun(new FakeSession({ plan, state: runState() }), { now: NOW, columns: 100 });
  expect(header(none.frame())).not.toContain('◷');
});

// `agenda` over a state directory with three runs at different dates, with a fixed clock
// (`--now`): what is due today, overdue, and (with --days) coming.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun } from '../../src/journal/run-open.js';
import { loadPlanFile } from '../../src/plan/load.js';
import type { Agenda } from '../../src/schedule/agenda.js';
import { runCli } from '../helpers/cli.js';

const PLAN = path.join(import.meta.dirname, '..', 'schedule', 'fixtures', 'agenda.yaml');
const NOW = '2026-12-01T09:00+03:00';
const operator = { user: 'tester', host: 'test-host', tty: null, sshClient: null };
let stateDir: string;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-agenda-'));
  const loaded = await loadPlanFile(PLAN);
  const make = (run: string, t0: string, done: string[]) => {
    const store = createRun({ stateDir, loaded, run, operator, variables: { RELEASE_AT: t0 } });
    for (const step of done) store.event('step.done', {}, step);
    store.close();
  };
  // Released three days ago; the review (T+1..T+2) was never done: overdue.
  make('past', '2026-11-28T22:00+03:00', ['announce', 'rehearse', 'freeze', 'go']);
  // Released tonight: the freeze and the go/no-go are due today; the rehearsal was skipped over.
  make('tonight', '2026-12-01T22:00+03:00', ['announce']);
  // Next week: nothing today; with --days 7 its preparation comes up.
  make('next-week', '2026-12-06T22:00+03:00', []);
});
afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

const agenda = (...args: string[]) => runCli(['agenda', '--state-dir', stateDir, '--now', NOW, ...args]);

describe('agenda', () => {
  it('lists today’s and overdue steps across the runs, with roles and state', () => {
    const result = agenda('--json');
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as Agenda;
    expect(json.now).toBe('2026-12-01T06:00:00.000Z');
    const seen = json.items.map((item) => `${item.when} ${item.run}/${item.step}`);
    // Overdue first, then due; each by date.
    expect(seen).toEqual([
      'overdue tonight/rehearse',
      'overdue past/review',
      'due tonight/freeze',
      'due tonight/go',
    ]);
    expect(json.items.find((item) => item.step === 'go')).toMatchObject({
      window: 'T0',
      from: '2026-12-01',
      owner: 'lead',
      status: 'pending',
      signoffRoles: ['lead'],
      signoff: 'waiting for sign-off by lead (nobody holds it)',
    });
    expect(json.items.find((item) => item.step === 'review')).toMatchObject({
      window: 'T+1..T+2',
      from: '2026-11-29',
      to: '2026-11-30',
      owner: 'ops',
    });
    expect(json.items.find((item) => item.step === 'freeze')).toMatchObject({
      window: 'T0-2h',
      owner: 'lead',
    });
    expect(json.problems).toEqual([]);
  });

  it('--days 7 adds what comes up; the text is a table', () => {
    const json = JSON.parse(agenda('--json', '--days', '7').stdout) as Agenda;
    expect(
      json.items
        .filter((item) => item.when === 'upcoming')
        .map((item) => `${item.run}/${item.step} ${item.from}`),
    ).toEqual([
      'tonight/review 2026-12-02',
      'next-week/rehearse 2026-12-03',
      'next-week/announce 2026-12-04',
      'next-week/freeze 2026-12-06',
      'next-week/go 2026-12-06',
      'next-week/review 2026-12-07',
    ]);
    const text = agenda().stdout;
    expect(text).toContain('agenda for 2026-12-01 06:00:00Z (today): 4 step(s)');
    expect(text).toMatch(
      /! overdue\s+agenda-test\/past\s+review\s+T\+1\.\.T\+2\s+2026-11-29\.\.2026-11-30\s+ops\s+pending\s+Review/,
    );
    expect(text).toMatch(
      /● due\s+agenda-test\/tonight\s+go\s+T0\s+2026-12-01\s+lead\s+pending, waiting for sign-off/,
    );
  });

  it('a later clock moves the agenda; bad options are one line', () => {
    const json = JSON.parse(
      runCli(['agenda', '--state-dir', stateDir, '--now', '2026-12-04T12:00+03:00', '--json']).stdout,
    ) as Agenda;
    expect(json.items.map((item) => `${item.when} ${item.run}/${item.step}`)).toEqual([
      'overdue tonight/rehearse',
      'overdue past/review',
      'overdue tonight/freeze',
      'overdue tonight/go',
      'overdue tonight/review',
      'due next-week/rehearse',
      'due next-week/announce',
    ]);
    const bad = runCli(['agenda', '--state-dir', stateDir, '--now', 'tomorrow']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'release-cockpit: --now must be an ISO date-time such as 2026-12-01T09:00+03:00, not "tomorrow"\n',
    );
    expect(runCli(['agenda', '--state-dir', stateDir, '--days', '0']).code).toBe(2);
  });

  it('the cockpit’s start screen gets the same due and overdue steps, each run read at a glance', async () => {
    const { realServices } = await import('../../src/commands/cockpit-services.js');
    const services = realServices({ plansDir: path.dirname(PLAN), stateDir, operator });
    const items = (await services.agenda?.(new Date(NOW))) ?? [];
    expect(items.map((item) => `${item.when} ${item.run}/${item.step}`)).toEqual([
      'overdue tonight/rehearse',
      'overdue past/review',
      'due tonight/freeze',
      'due tonight/go',
    ]);
  });
});

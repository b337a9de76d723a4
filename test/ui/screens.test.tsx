// The screens around the main one: start, a plan's runs, the new-run form, variables a run
// still needs, the resume summary and a run that cannot be opened.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgendaItem } from '../../src/schedule/agenda.js';
import { CockpitApp } from '../../src/ui/app.js';
import type { CockpitServices, OpenRequest } from '../../src/ui/services.js';
import { FakeSession } from './fake-session.js';
import { PLAN, prepDone, runState } from './fixtures.js';
import { KEY, noServices, renderAt, renderRun, testEnv, tick, waitFor } from './harness.js';
import { running } from './scenes.js';

afterEach(() => cleanup());

function services(opened: OpenRequest[], session: FakeSession = new FakeSession()): CockpitServices {
  return {
    ...noServices,
    listPlans: async () => [
      { path: 'plans/shop.yaml', plan: PLAN, error: null },
      { path: 'plans/other.yaml', plan: { ...PLAN, id: 'other', title: 'Other plan' }, error: null },
    ],
    loadPlan: async (planPath) => ({ path: planPath, plan: PLAN, error: null }),
    listRuns: async () => [
      {
        planId: 'shop-2-0',
        planPath: null,
        run: 'v2.0.0',
        done: 5,
        total: 9,
        lastEventAt: '2026-12-01T11:58:00Z',
        lock: null,
        rollback: false,
      },
    ],
    openSession: async (request) => {
      opened.push(request);
      return session;
    },
  };
}

async function start(
  svc: CockpitServices,
  target: Parameters<typeof CockpitApp>[0]['target'] = { kind: 'start' },
) {
  const view = await renderAt(
    <CockpitApp
      services={svc}
      target={target}
      env={testEnv()}
      size={{ columns: 80, rows: 24 }}
      onExit={() => {}}
    />,
    80,
    24,
  );
  await waitFor(() => !view.frame().includes('loading…'));
  return view;
}

describe('start screen', () => {
  it('lists plans and runs; Enter on a run opens it', async () => {
    const opened: OpenRequest[] = [];
    const view = await start(services(opened));
    expect(view.frame()).toContain('Shop 2.0 release');
    expect(view.frame()).toContain('shop-2-0 / v2.0.0');
    expect(view.frame()).toContain('5/9');
    await view.press('j', 'j', KEY.enter);
    await waitFor(() => opened.length > 0);
    expect(opened).toEqual([{ planPath: 'plans/shop.yaml', run: 'v2.0.0', variables: {}, watch: false }]);
    await waitFor(() => view.frame().includes('Apply migrations'));
    expect(view.frame()).toContain('Shop 2.0 release · run v2.0.0');
  });

  it('today’s agenda comes first once read: overdue and due steps; the selection stays put; Enter opens the run', async () => {
    const opened: OpenRequest[] = [];
    let give: (items: AgendaItem[]) => void = () => {};
    const item = (
      step: string,
      when: 'overdue' | 'due',
      title: string,
      signoff: string | null,
    ): AgendaItem => ({
      planId: 'shop-2-0',
      run: 'v2.0.0',
      phase: 'release',
      step,
      title,
      kind: 'manual',
      when,
      window: 'T0',
      from: '2026-12-01',
      to: '2026-12-01',
      status: 'pending',
      owner: 'release-lead',
      signoffRoles: signoff ? ['release-lead'] : [],
      signoff,
    });
    const svc = {
      ...services(opened),
      agenda: () => new Promise<AgendaItem[]>((resolve) => (give = resolve)),
    };
    const view = await start(svc);
    expect(view.frame()).not.toContain('Due today');
    await view.press('j');
    expect(view.frame()).toMatch(/› Other plan/);
    give([
      item('dry-run', 'overdue', 'Migration dry run', null),
      item('go', 'due', 'Go / no-go', 'waiting for sign-off by release-lead (alice)'),
    ]);
    await waitFor(() => view.frame().includes('Due today'));
    const frame = view.frame();
    expect(frame).toContain('! overdue   shop-2-0 / v2.0.0');
    expect(frame).toContain('Migration dry run  (release-lead)');
    expect(frame).toContain('● today');
    expect(frame).toContain('Go / no-go  (⚑ release-lead)');
    // The row the operator was on is still the selected one.
    expect(frame).toMatch(/› Other plan/);
    await view.press('k', 'k', 'k', KEY.enter);
    await waitFor(() => opened.length > 0);
    expect(opened).toEqual([{ planPath: 'plans/shop.yaml', run: 'v2.0.0', variables: {}, watch: false }]);
  });

  it('Enter on a plan shows its runs and "new run"', async () => {
    const view = await start(services([]));
    await view.press(KEY.enter);
    await waitFor(() => view.frame().includes('+ new run'));
    expect(view.frame()).toContain('Runs of Shop 2.0 release');
    expect(view.frame()).toContain('shop-2-0 / v2.0.0');
  });

  it('n starts a new run: the name, then each variable validated as typed', async () => {
    const opened: OpenRequest[] = [];
    const view = await start(services(opened));
    await view.press('n');
    await waitFor(() => view.frame().includes('New run of Shop 2.0 release'));
    expect(view.frame()).toContain('New run of Shop 2.0 release');
    view.stdin.write('v2.0.0');
    await tick();
    await view.press(KEY.enter);
    expect(view.frame()).toContain('a run with this name exists');
    await view.press(KEY.backspace, '1', KEY.enter);
    expect(view.frame()).toContain('Variable 1/2: RELEASE_T0');
    await view.press(KEY.enter);
    expect(view.frame()).toContain('RELEASE_T0: needs a value');
    view.stdin.write('2026-12-04T22:00+03:00');
    await tick();
    await view.press(KEY.enter);
    expect(view.frame()).toContain('Variable 2/2: DB_PASSWORD');
    view.stdin.write('s3cret');
    await tick();
    expect(view.frame()).toContain('> ••••••');
    expect(view.frame()).not.toContain('s3cret');
    await view.press(KEY.enter);
    await waitFor(() => opened.length > 0);
    expect(opened[0]).toEqual({
      planPath: 'plans/shop.yaml',
      run: 'v2.0.1',
      variables: { RELEASE_T0: '2026-12-04T22:00+03:00', DB_PASSWORD: 's3cret' },
      watch: false,
    });
  });

  it('Esc in the form goes back a field, then to the list', async () => {
    const view = await start(services([]));
    await view.press('n');
    await waitFor(() => view.frame().includes('New run'));
    await view.press('x', KEY.enter, KEY.esc);
    expect(view.frame()).toContain('Run name');
    await view.press(KEY.esc, KEY.esc);
    await waitFor(() => view.frame().includes('Plans'));
    expect(view.frame()).toContain('Plans');
  });

  it('a run that cannot be opened says why on one line', async () => {
    const svc = {
      ...services([]),
      openSession: async () => {
        throw new Error('plans/shop.yaml:3:1: unknown key "tittle"\nmore');
      },
    };
    const view = await start(svc);
    await view.press('j', 'j', KEY.enter);
    await waitFor(() => view.frame().includes('could not open'));
    expect(view.frame()).toContain('could not open: plans/shop.yaml:3:1: unknown key "tittle"');
    expect(view.frame()).not.toContain('more');
  });

  it('q leaves from the start screen', async () => {
    const onExit = vi.fn();
    const view = await renderAt(
      <CockpitApp
        services={services([])}
        target={{ kind: 'start' }}
        env={testEnv()}
        size={{ columns: 80, rows: 24 }}
        onExit={onExit}
      />,
      80,
      24,
    );
    await view.press('q');
    expect(onExit).toHaveBeenCalledWith(null);
  });
});

describe('opening a run', () => {
  it('shows what happened while no one watched, then the main screen', async () => {
    const session = running({
      resume: {
        since: '2026-12-01T10:00:00Z',
        finished: [
          { stepId: 'wait-ci', status: 'succeeded', exitCode: 0 },
          {
            stepId: 'deploy',
            status: 'failed',
            exitCode: null,
            note: 'could not start: its session ended before the command started; it never ran',
          },
        ],
        running: [{ stepId: 'migrate', attempt: 1, startedAt: '2026-12-01T11:58:58Z' }],
        unknown: [{ stepId: 'smoke', attempt: 2 }],
        otherEvents: 3,
        planChanged: true,
      },
      warnings: ['systemd-logind kills your processes when you log out (KillUserProcesses=yes)'],
    });
    const view = await renderRun(session);
    const frame = view.frame();
    expect(frame).toContain('While no one watched');
    expect(frame).toContain('✔ Wait for CI to be green succeeded (exit 0)');
    // The note recorded with an outcome goes with it, wrapped under the step.
    expect(frame).toMatch(
      /✘ .+ failed\n {4}could not start: its session ended before the command started; it never\n {4}ran\n/,
    );
    expect(frame).toContain('▶ Apply migrations #1');
    expect(frame).toContain('? Smoke tests #2');
    expect(frame).toContain('3 events by other operators');
    expect(frame).toContain('The plan changed since the run was last opened');
    expect(frame).toContain('KillUserProcesses=yes');
    await view.press(KEY.enter);
    expect(view.frame()).toContain('Elapsed 1m 02s');
  });

  it('says so when a step listed as still running ends while the summary is on screen', async () => {
    const session = running({
      resume: {
        since: '2026-12-01T10:00:00Z',
        finished: [],
        running: [{ stepId: 'migrate', attempt: 1, startedAt: '2026-12-01T11:58:58Z' }],
        unknown: [],
        otherEvents: 0,
        planChanged: false,
      },
    });
    const view = await renderRun(session);
    expect(view.frame()).toContain('▶ Apply migrations #1');
    session.change((state) => {
      state.steps.migrate!.status = 'succeeded';
    });
    await waitFor(() => view.frame().includes('✔ Apply migrations #1'));
    expect(view.frame()).toMatch(/✔ Apply migrations #1 · .* · now succeeded/);
  });

  it('asks for the variables the run still needs (secrets are never stored)', async () => {
    const session = new FakeSession({ state: prepDone(runState()), missingVariables: ['DB_PASSWORD'] });
    const view = await renderRun(session);
    expect(view.frame()).toContain('Variable 1/1: DB_PASSWORD');
    view.stdin.write('hunter2');
    await tick();
    await view.press(KEY.enter);
    await waitFor(() => session.called('setVariable').length > 0);
    expect(session.called('setVariable')).toEqual([['DB_PASSWORD', 'hunter2']]);
  });

  it('fills the run’s known values into a variable’s description', async () => {
    const plan = structuredClone(PLAN);
    plan.variables.DB_PASSWORD!.description = 'Database password for {{RELEASE_TAG}}';
    const session = new FakeSession({
      plan,
      state: prepDone(runState(plan)),
      missingVariables: ['DB_PASSWORD'],
    });
    const view = await renderRun(session);
    expect(view.frame()).toContain('Database password for v2.0.0');
    expect(view.frame()).not.toContain('{{');
  });

  it('a watch session skips the variables form', async () => {
    const session = new FakeSession({ mode: 'watch', missingVariables: ['DB_PASSWORD'] });
    const view = await renderRun(session);
    expect(view.frame()).not.toContain('Variable 1/1');
    expect(view.frame()).toContain('watching — held by');
  });
});

// Every key of the main screen through the real router (ink-testing-library + FakeSession).
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CockpitServices } from '../../src/ui/services.js';
import { FakeLogTail, FakeSession, LOCK } from './fake-session.js';
import { attempt, NOW, prepDone, runState } from './fixtures.js';
import { cockpitOnRun, KEY, noServices, plainFrame, renderRun, tick, waitFor } from './harness.js';
import { failed, failedState, running, runningState, watching } from './scenes.js';

afterEach(() => cleanup());

/** The cockpit on a run whose first open gives `first` and every later one `then` (a reopen). */
async function renderReopening(first: FakeSession, then: FakeSession, watch: boolean) {
  const requests: unknown[] = [];
  const services: CockpitServices = {
    ...noServices,
    openSession: async (request) => {
      requests.push(request);
      return requests.length === 1 ? first : then;
    },
  };
  const view = render(cockpitOnRun(services, { watch, size: { columns: 80, rows: 24 } }));
  return { view, frame: () => plainFrame(view.lastFrame() ?? ''), requests };
}

const footer = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('keys on the main screen', () => {
  it('s asks a reason (required) and skips', async () => {
    const session = failed();
    const view = await renderRun(session);
    await view.press('s');
    expect(view.frame()).toContain('Skip “Apply migrations”');
    await view.press(KEY.enter);
    expect(session.called('skip')).toHaveLength(0);
    view.stdin.write('flaky lock, done by hand');
    await tick();
    await view.press(KEY.enter);
    expect(session.called('skip')).toEqual([['migrate', 'flaky lock, done by hand']]);
    expect(view.frame()).toContain('step skipped');
  });

  it('n writes a note on the selected step; Backspace as \\x7f edits it', async () => {
    const session = running();
    const view = await renderRun(session);
    await view.press('n', 'o', 'k', 'x', KEY.backspace, '!');
    expect(view.frame()).toContain('> ok!');
    await view.press(KEY.enter);
    expect(session.called('note')).toEqual([['migrate', 'ok!']]);
  });

  it('a paste arrives as one chunk and is kept whole', async () => {
    const session = running();
    const view = await renderRun(session);
    await view.press('n');
    view.stdin.write('vacuum took 4 minutes; retried at 12:10');
    await tick();
    expect(view.frame()).toContain('> vacuum took 4 minutes; retried at 12:10');
  });

  it('Ctrl-U and Ctrl-W typed in one chunk with text still edit the field; Enter in it submits', async () => {
    const session = running();
    const view = await renderRun(session);
    await view.press('n');
    view.stdin.write('wrong words\x15vacuum ran\x17took 4 minutes');
    await waitFor(() => view.frame().includes('> vacuum took 4 minutes'));
    expect(view.frame()).toContain('> vacuum took 4 minutes');
    view.stdin.write(' flat\r');
    await waitFor(() => session.called('note').length > 0);
    expect(session.called('note')).toEqual([['migrate', 'vacuum took 4 minutes flat']]);
  });

  it('a bare Esc does not discard typed text; a second one does', async () => {
    const session = running();
    const view = await renderRun(session);
    await view.press('n', 'a', 'b');
    await view.press(KEY.esc);
    expect(view.frame()).toContain('> ab');
    expect(view.frame()).toContain('Esc again discards the text');
    await view.press(KEY.esc);
    expect(view.frame()).not.toContain('> ab');
    expect(session.called('note')).toHaveLength(0);
  });

  it('r on a dangerous failed step needs the exact confirm word', async () => {
    const session = failed();
    const view = await renderRun(session);
    await view.press('r');
    expect(view.frame()).toContain('$ python manage.py migrate');
    view.stdin.write('MIGRAT');
    await tick();
    await view.press(KEY.enter);
    expect(view.frame()).toContain('type exactly MIGRATE');
    expect(session.called('start')).toHaveLength(0);
    await view.press('E', KEY.enter);
    expect(session.called('start')).toEqual([['migrate', { confirmWord: 'MIGRATE' }]]);
  });

  it('c asks before cancelling a running step', async () => {
    const session = running();
    const view = await renderRun(session);
    await view.press('c');
    expect(view.frame()).toContain('Cancel “Apply migrations”?');
    await view.press('n');
    expect(session.called('cancel')).toHaveLength(0);
    await view.press('c', KEY.enter);
    expect(session.called('cancel')).toEqual([['migrate']]);
  });

  it('a running step with a host out of reach: says it keeps waiting, names v and w; w asks, then stops waiting', async () => {
    const state = runningState();
    const migrate = state.steps.migrate!;
    migrate.attempts = [
      {
        ...migrate.attempts[0]!,
        hosts: ['db1', 'db2'],
        hostStates: {
          db1: { state: 'running', at: NOW.toISOString() },
          db2: { state: 'unreachable', at: NOW.toISOString() },
        },
      },
    ];
    const session = new FakeSession({ state });
    const view = await renderRun(session, { columns: 160, rows: 30 });
    const frame = view.frame();
    expect(frame).toContain('⚠ db2 out of reach: the step keeps waiting, its follower keeps trying');
    expect(frame).toContain(
      'v verify · w stop waiting (the outcome there becomes unknown: then mark it done or failed)',
    );
    expect(footer(frame)).toContain('w stop waiting');
    expect(footer(frame)).toContain('v verify');
    await view.press('w');
    expect(view.frame()).toContain('Stop waiting for db2?');
    await view.press('n');
    expect(session.called('stopWaiting')).toHaveLength(0);
    await view.press('w', KEY.enter);
    expect(session.called('stopWaiting')).toEqual([['migrate']]);
    await view.press('v');
    expect(session.called('verify')).toEqual([['migrate']]);
  });

  it('w and v do nothing for a running step whose hosts are all in reach', async () => {
    const session = running();
    const view = await renderRun(session, { columns: 160, rows: 30 });
    expect(view.frame()).not.toContain('out of reach');
    expect(footer(view.frame())).not.toContain('stop waiting');
    await view.press('w', 'v');
    expect(session.called('stopWaiting')).toHaveLength(0);
    expect(session.called('verify')).toHaveLength(0);
  });

  it('v runs the verify command and reports its exit code', async () => {
    const session = failed({ verifyCode: 1 });
    const view = await renderRun(session);
    await view.press('v');
    await tick();
    expect(session.called('verify')).toEqual([['migrate']]);
    expect(view.frame()).toContain('verify exited 1: not in place');
  });

  it('l shows the log full screen; Esc returns', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i}`);
    const session = running({ tails: { migrate: new FakeLogTail(lines) } });
    const view = await renderRun(session);
    await view.press('l');
    const frame = view.frame();
    expect(frame).toContain('line 59');
    expect(frame).toContain('line 41');
    expect(frame).not.toContain('line 40');
    expect(frame).not.toContain('Apply migrations  command');
    await view.press(KEY.esc);
    expect(view.frame()).toContain('Apply migrations  command');
  });

  it('the output follows the end until scrolled: PgUp, Home, End', async () => {
    const tail = new FakeLogTail(Array.from({ length: 100 }, (_, i) => `row ${i}`));
    const session = running({ tails: { migrate: tail } });
    const view = await renderRun(session);
    expect(view.frame()).toContain('row 99');
    await view.press(KEY.pgup);
    expect(view.frame()).not.toContain('row 99');
    expect(view.frame()).toMatch(/scrolled \d+ up/);
    tail.push('row 100');
    await tick();
    expect(view.frame()).not.toContain('row 100');
    await view.press(KEY.home);
    expect(view.frame()).toContain('row 0');
    await view.press(KEY.end);
    expect(view.frame()).toContain('row 100');
    expect(view.frame()).toContain('following');
  });

  it('Tab moves focus to the output: j/k scroll it instead of moving the selection', async () => {
    const tail = new FakeLogTail(Array.from({ length: 50 }, (_, i) => `row ${i}`));
    const view = await renderRun(running({ tails: { migrate: tail } }));
    await view.press(KEY.tab, 'k', 'k');
    expect(view.frame()).toContain('scrolled 2 up');
    expect(view.frame()).toMatch(/›▶ Apply migrations/);
  });

  it('/ searches the output and jumps to the latest match', async () => {
    const tail = new FakeLogTail(
      Array.from({ length: 80 }, (_, i) => (i === 12 ? 'ERROR disk full' : `row ${i}`)),
    );
    const view = await renderRun(running({ tails: { migrate: tail } }));
    expect(view.frame()).not.toContain('ERROR disk full');
    await view.press('/');
    view.stdin.write('error');
    await tick();
    await tick();
    expect(view.frame()).toContain('ERROR disk full');
    expect(view.frame()).toContain('match 1/1');
    await view.press(KEY.enter, KEY.esc);
    expect(view.frame()).not.toContain('match 1/1');
  });

  it('h opens one host’s pane of a multi-host step; the summary shows one line per host', async () => {
    const state = runningState();
    state.steps.migrate!.status = 'succeeded';
    const started = NOW.toISOString();
    state.steps.deploy = {
      ...state.steps.deploy!,
      status: 'running',
      startedAt: started,
      attempts: [
        attempt(1, started, {
          hosts: ['web1', 'web2'],
          hostResults: { web1: { exitCode: 0, logPath: '/x' } },
        }),
      ],
    };
    const session = new FakeSession({
      state,
      tails: {
        deploy: new FakeLogTail(['[web1] restarted', '[web2] restarting…']),
        'deploy@web1': new FakeLogTail(['restarted shop.service']),
        'deploy@web2': new FakeLogTail(['waiting for shop.service']),
      },
    });
    const view = await renderRun(session);
    expect(view.frame()).toMatch(/✔ web1 exit 0 restarted shop.service/);
    expect(view.frame()).toMatch(/▶ web2 +waiting for shop.service/);
    await view.press('h');
    expect(view.frame()).toContain('host web1');
    await view.press('h', 'h');
    expect(view.frame()).not.toContain('host web');
  });

  it('? shows help generated from the bindings; Esc closes it', async () => {
    const view = await renderRun(running());
    await view.press('?');
    expect(view.frame()).toContain('Keys — Esc or ? closes');
    expect(view.frame()).toContain('roll back the release…');
    await view.press(KEY.esc);
    expect(view.frame()).not.toContain('Keys — Esc or ? closes');
  });

  it('q leaves at once (steps keep running)', async () => {
    const onExit = vi.fn();
    const session = running();
    const view = await renderRun(session, { onExit });
    await view.press('q');
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(session.called('cancel')).toHaveLength(0);
  });

  it('Ctrl-C asks when a step runs and never cancels it', async () => {
    const onExit = vi.fn();
    const session = running();
    const view = await renderRun(session, { onExit });
    await view.press(KEY.ctrlC);
    expect(onExit).not.toHaveBeenCalled();
    expect(view.frame()).toContain('1 step is running. It keeps running after you leave');
    await view.press(KEY.esc);
    expect(onExit).not.toHaveBeenCalled();
    await view.press(KEY.ctrlC, KEY.enter);
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(session.called('cancel')).toHaveLength(0);
  });

  it('Ctrl-C with nothing running leaves', async () => {
    const onExit = vi.fn();
    const view = await renderRun(new FakeSession({ state: prepDone(runState()) }), { onExit });
    await view.press(KEY.ctrlC);
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  it('R: pick a criterion, type the confirm word; the header then says ROLLBACK', async () => {
    const session = failed();
    const view = await renderRun(session);
    await view.press('R');
    expect(view.frame()).toContain('Error rate above 5% for 15 minutes');
    await view.press(KEY.down, KEY.enter);
    view.stdin.write('ROLLBAK');
    await tick();
    await view.press(KEY.enter);
    expect(session.called('decideRollback')).toHaveLength(0);
    await view.press(KEY.backspace, 'C', 'K', KEY.enter);
    expect(session.called('decideRollback')).toEqual([['error-rate', 'ROLLBACK']]);
    expect(view.frame()).toContain('ROLLBACK — Error rate above 5% for 15 minutes');
    expect(view.frame()).toMatch(/›○ Restore the database/);
    await view.press('R');
    expect(view.frame()).toContain('rollback already decided');
  });

  it('main-path steps are frozen after the rollback', async () => {
    const session = failed();
    const view = await renderRun(session);
    await view.press('R', KEY.enter);
    view.stdin.write('ROLLBACK');
    await tick();
    await view.press(KEY.enter);
    await view.press('k', 'k', 'k', 'k', 'k', 'k');
    await view.press('s');
    expect(view.frame()).toContain('the main path is frozen by the rollback');
  });

  it('an unknown outcome asks: re-run, verify, mark done, mark failed', async () => {
    const state = failedState();
    state.steps.migrate!.status = 'unknown';
    const session = new FakeSession({ state, verifyCode: 0 });
    const view = await renderRun(session);
    expect(footer(view.frame())).toContain('Enter decide');
    await view.press(KEY.enter);
    expect(view.frame()).toContain('Outcome unknown: Apply migrations');
    await view.press(KEY.down, KEY.enter);
    await tick();
    expect(session.called('verify')).toEqual([['migrate']]);
    expect(view.frame()).toContain('verify exited 0: the effect is in place');
    await view.press(KEY.down, KEY.enter);
    expect(session.called('resolveUnknown')).toEqual([['migrate', 'done']]);
  });

  it('re-running a dangerous step of unknown outcome asks for its word and shows the command', async () => {
    const state = failedState();
    state.steps.migrate!.status = 'unknown';
    const session = new FakeSession({ state });
    const view = await renderRun(session);
    await view.press(KEY.enter);
    expect(view.frame()).toContain('Outcome unknown: Apply migrations');
    await view.press(KEY.enter); // "re-run", the first choice
    expect(view.frame()).toContain('python manage.py migrate');
    expect(view.frame()).toMatch(/Type MIGRATE to confirm/);
    expect(session.called('resolveUnknown')).toEqual([]);
    view.stdin.write('MIGRATE');
    await tick();
    await view.press(KEY.enter);
    await waitFor(() => session.called('resolveUnknown').length > 0);
    expect(session.called('resolveUnknown')).toEqual([['migrate', 'rerun', { confirmWord: 'MIGRATE' }]]);
  });

  it('a gate shows each poll’s result', async () => {
    const view = await renderRun(failed());
    await view.press('k');
    expect(view.frame()).toMatch(/›✔ Wait for CI to be green/);
    expect(view.frame()).toContain('Polls (2)');
    expect(view.frame()).toMatch(/#1 ✘ 11:40:00 exit 1 pipeline running/);
    expect(view.frame()).toMatch(/#2 ✔ 11:40:30 exit 0 success/);
  });

  it('a manual step ticks its checklist item by item', async () => {
    const session = new FakeSession();
    const view = await renderRun(session);
    expect(view.frame()).toMatch(/›○!Freeze the migration list/);
    await view.press(KEY.enter);
    expect(view.frame()).toContain('Confirm checklist item 1/3:');
    await view.press(KEY.enter);
    expect(session.called('confirmItem')).toEqual([['freeze', 0]]);
    expect(view.frame()).toContain('[x] All migrations are on main');
  });

  it('a prompt step validates the value as it is typed', async () => {
    const state = prepDone(runState());
    state.steps.tag!.status = 'pending';
    delete state.variables.RELEASE_TAG;
    const session = new FakeSession({ state });
    const view = await renderRun(session);
    expect(view.frame()).toMatch(/›○ Enter the release tag/);
    await view.press(KEY.enter);
    view.stdin.write('2.0');
    await tick();
    expect(view.frame()).toContain('does not match');
    await view.press(KEY.enter);
    expect(session.called('setVariable')).toHaveLength(0);
    await view.press(KEY.backspace, KEY.backspace, KEY.backspace);
    view.stdin.write('v2.0.0');
    await tick();
    await view.press(KEY.enter);
    expect(session.called('setVariable')).toEqual([['RELEASE_TAG', 'v2.0.0']]);
  });

  it('a message step shows the rendered text and is sent on Enter', async () => {
    const state = runState();
    state.steps.freeze!.status = 'done';
    state.steps['dry-run']!.status = 'succeeded';
    state.variables.RELEASE_TAG = 'v2.0.0';
    const session = new FakeSession({ state });
    const view = await renderRun(session);
    expect(view.frame()).toContain('The release v2.0.0 starts at T0.');
    await view.press(KEY.enter, KEY.enter);
    expect(session.called('start')).toEqual([['announce', undefined]]);
  });

  it('a started step’s notice follows it through the plan’s own retry: failed, started again, succeeded', async () => {
    const session = failed();
    const view = await renderRun(session);
    await view.press('r');
    view.stdin.write('MIGRATE');
    await tick();
    await view.press(KEY.enter);
    expect(footer(view.frame())).not.toContain('failed');
    const to = (status: 'running' | 'failed' | 'succeeded', exitCode: number | null) =>
      session.change((state) => {
        state.steps.migrate!.status = status;
        state.steps.migrate!.exitCode = exitCode;
      });
    to('running', null);
    await tick();
    expect(view.frame()).toContain('started “Apply migrations”');
    to('failed', 1);
    await tick();
    expect(view.frame()).toContain('“Apply migrations” failed (exit 1)');
    to('running', null);
    await tick();
    expect(view.frame()).toContain('started “Apply migrations”');
    to('succeeded', 0);
    await tick();
    expect(view.frame()).toContain('“Apply migrations” succeeded');
    expect(view.frame()).not.toContain('failed (exit 1)');
  });

  it('the selection follows the release when the current step finishes', async () => {
    const session = running();
    const view = await renderRun(session);
    session.change((state) => {
      state.steps.migrate!.status = 'succeeded';
    });
    await tick();
    expect(view.frame()).toMatch(/›○ Deploy to the web hosts/);
  });

  it('watch mode: write keys are absent from the footer and refused with who holds the lock', async () => {
    const session = watching();
    const view = await renderRun(session);
    const frame = view.frame();
    expect(frame).toContain('watching — held by bob@bastion since 09:12');
    expect(footer(frame)).toContain('WATCH');
    expect(footer(frame)).not.toContain('c cancel');
    expect(footer(frame)).not.toContain('n note');
    await view.press('c');
    expect(view.frame()).toContain('read-only: bob@bastion holds the lock');
    expect(session.calls).toHaveLength(0);
  });

  it('a: a step waiting for a role the login holds is signed off from the watch, after a yes', async () => {
    const pending = (logins: string[]) => ({
      migrate: {
        target: { kind: 'step' as const, stepId: 'migrate' },
        requirement: { roles: ['tech-lead'], distinct: false },
        given: [],
        missing: ['tech-lead'],
        pending: true,
        mayGive: [{ role: 'tech-lead', logins }],
      },
    });
    const other = running({
      mode: 'watch',
      lock: { ...LOCK, user: 'bob' },
      signoffs: pending(['carol']),
      signer: 'dave',
    });
    const refused = await renderRun(other);
    expect(footer(refused.frame())).not.toContain('a sign off');
    await refused.press('a');
    expect(other.calls).toHaveLength(0);
    refused.unmount();

    const lead = running({
      mode: 'watch',
      lock: { ...LOCK, user: 'bob' },
      signoffs: pending(['carol']),
      signer: 'carol',
    });
    const view = await renderRun(lead);
    expect(footer(view.frame())).toContain('a sign off');
    await view.press('a');
    expect(view.frame()).toContain('Sign “Apply migrations” off as tech-lead?');
    expect(view.frame()).toContain('Signed as carol, your Unix login');
    await view.press('y');
    expect(lead.calls).toEqual([
      { method: 'signoff', args: [{ kind: 'step', stepId: 'migrate' }, { role: 'tech-lead' }] },
    ]);
    expect(view.frame()).toContain('step migrate: sign-off handed to the writer');
  });

  it('watch mode: t takes the lock once the holder is gone, by reopening the run to write', async () => {
    const watch = watching();
    const { view, frame, requests } = await renderReopening(watch, running(), true);
    await waitFor(() => frame().includes('held by bob@bastion'));
    // Held by a live operator: t is not offered and does nothing.
    expect(footer(frame())).not.toContain('t take lock');
    view.stdin.write('t');
    await waitFor(() => frame().includes('not available'), 500);
    expect(requests).toHaveLength(1);
    // bob's cockpit died: the header says so and t takes over.
    watch.takeable = true;
    view.stdin.write('j');
    await waitFor(() => frame().includes('bob@bastion is gone: t takes the lock'));
    expect(footer(frame())).toContain('t take lock');
    view.stdin.write('t');
    await waitFor(() => frame().includes('● lock held'));
    expect(watch.closed).toBe(true);
    expect(requests).toEqual([
      { planPath: 'p.yaml', run: 'v2.0.0', variables: {}, watch: true },
      { planPath: '/plans/shop.yaml', run: 'v2.0.0', variables: {}, watch: false },
    ]);
  });

  it('watch mode: t also works on the resume summary a watch opens with', async () => {
    const watch = running({
      mode: 'watch',
      lock: null,
      lockTakeable: true,
      resume: {
        since: '2026-12-01T10:00:00Z',
        finished: [],
        running: [],
        unknown: [],
        otherEvents: 3,
        planChanged: false,
      },
    });
    const { view, frame, requests } = await renderReopening(watch, running(), false);
    await waitFor(() => frame().includes('While no one watched'));
    expect(frame()).toContain('watching — lock free: t takes it');
    expect(footer(frame())).toContain('t take lock');
    view.stdin.write('t');
    await waitFor(() => frame().includes('● lock held'));
    expect(watch.closed).toBe(true);
    expect(requests).toHaveLength(2);
  });

  it('a session error is shown on one line', async () => {
    const session = running();
    session.note = async () => {
      throw new Error('journal is read-only\nstack…');
    };
    const view = await renderRun(session);
    await view.press('n', 'x', KEY.enter);
    await tick();
    expect(view.frame()).toContain('error: journal is read-only');
    expect(view.frame()).not.toContain('stack…');
  });

  it('follows a resize and shows "enlarge the terminal" below 60×16', async () => {
    const session = running();
    const view = render(cockpitOnRun({ ...noServices, openSession: async () => session }));
    const resize = async (columns: number, rows: number) => {
      Object.defineProperty(view.stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(view.stdout, 'rows', { value: rows, configurable: true });
      view.stdout.emit('resize');
      await tick();
      await tick();
    };
    await resize(80, 24);
    expect(view.lastFrame()?.split('\n')).toHaveLength(23);
    await resize(50, 14);
    expect(view.lastFrame()).toContain('Enlarge the terminal');
    expect(view.lastFrame()).toContain('This terminal is 50×14; the cockpit needs at least');
    await resize(120, 40);
    expect(view.lastFrame()?.split('\n')).toHaveLength(39);
    expect(view.lastFrame()).toContain('Apply migrations');
  });

  it('a plan of 1,000 steps renders only the visible rows', async () => {
    const { PlanSchema } = await import('../../src/plan/schema.js');
    const plan = PlanSchema.parse({
      id: 'big',
      title: 'Big',
      version: 1,
      language: 'en',
      phases: Array.from({ length: 10 }, (_, p) => ({
        id: `p${p}`,
        title: `Phase ${p}`,
        window: 'T0',
        steps: Array.from({ length: 100 }, (_, s) => ({
          id: `s${p}-${s}`,
          kind: 'note',
          title: `Step ${p}-${s}`,
          text: 'x',
        })),
      })),
    });
    const session = new FakeSession({ plan, state: runState(plan) });
    const view = await renderRun(session);
    // Keys in one go (a held-down key): each answered in turn.
    for (let i = 0; i < 12; i++) view.stdin.write('j');
    await waitFor(() => /›○ Step 0-12/.test(view.frame()), 20_000);
    const frame = view.frame();
    expect(frame).toMatch(/›○ Step 0-12/);
    expect(frame).not.toContain('Step 9-99');
    expect(frame.split('\n')).toHaveLength(23);
  });
});

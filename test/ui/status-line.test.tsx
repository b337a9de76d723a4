// The status line: a started step's outcome replaces "started"; a finished release says so;
// the help screen cuts with "…"; the leave message agrees in number.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { listSteps } from '../../src/plan/outline.js';
import { strings } from '../../src/ui/i18n/index.js';
import { FakeSession } from './fake-session.js';
import { emptyStep, PLAN, prepDone, runState } from './fixtures.js';
import { KEY, renderRun, waitFor } from './harness.js';

afterEach(() => cleanup());

describe('the status line', () => {
  it('replaces “started” by the outcome when the step fails or succeeds', async () => {
    const state = prepDone(runState());
    state.steps['wait-ci'] = emptyStep('wait-ci', 'succeeded');
    state.steps.migrate = emptyStep('migrate', 'succeeded');
    const session = new FakeSession({ state });
    const view = await renderRun(session);
    await view.press('j', KEY.enter, KEY.enter);
    expect(session.called('start')).toEqual([['smoke', undefined]]);
    expect(view.frame()).toContain('started “Smoke tests”');
    session.change((s) => {
      s.steps.smoke = { ...s.steps.smoke!, status: 'failed', exitCode: 3 };
    });
    await waitFor(() => view.frame().includes('“Smoke tests” failed (exit 3)'));
    expect(view.frame()).toContain('“Smoke tests” failed (exit 3)');
    expect(view.frame()).not.toContain('started “Smoke tests”');

    // The selection followed the release to the next pending step: run it, and it succeeds.
    await view.press(KEY.enter, KEY.enter);
    const next = session.called('start').at(-1)?.[0] as string;
    const title = listSteps(PLAN).find((ref) => ref.step.id === next)?.step.title ?? '';
    expect(next).not.toBe('smoke');
    await waitFor(() => view.frame().includes(`started “${title}”`));
    session.change((s) => {
      s.steps[next] = { ...s.steps[next]!, status: 'succeeded', exitCode: 0 };
    });
    await waitFor(() => view.frame().includes(`“${title}” succeeded`));
    expect(view.frame()).toContain(`“${title}” succeeded`);
  });

  it('says the release is complete, with the report command, when the active path is finished', async () => {
    const state = runState();
    const session = new FakeSession({ state });
    const view = await renderRun(session, { columns: 160 });
    expect(view.frame()).not.toContain('Release complete');
    session.change((s) => {
      for (const ref of listSteps(PLAN))
        if (ref.path === 'main') s.steps[ref.step.id] = emptyStep(ref.step.id, 'done');
    });
    await waitFor(() => view.frame().includes('Release complete'));
    expect(view.frame()).toContain('release-cockpit report /plans/shop.yaml --run v2.0.0');
  });

  it('Russian too', async () => {
    const state = runState();
    for (const ref of listSteps(PLAN))
      if (ref.path === 'main') state.steps[ref.step.id] = emptyStep(ref.step.id, 'done');
    const view = await renderRun(new FakeSession({ state }), { columns: 160, lang: 'ru' });
    expect(view.frame()).toContain('Релиз завершён');
  });
});

describe('texts', () => {
  it('the help screen in two narrow columns cuts a long text with “…”', async () => {
    const view = await renderRun(new FakeSession({ state: prepDone(runState()) }), { columns: 76 });
    await view.press('?');
    const line = view
      .frame()
      .split('\n')
      .find((l) => l.includes('leave (steps'));
    expect(line).toBeDefined();
    expect(line).toMatch(/leave \(steps keep run[a-z]*…/);
  });

  it('the leave message agrees in number, en and ru', () => {
    expect(strings('en').leave.running(1, 'build')).toContain(
      '1 step still running (build); it keeps running',
    );
    expect(strings('en').leave.running(2, 'a, b')).toContain(
      '2 steps still running (a, b); they keep running',
    );
    expect(strings('ru').leave.running(1, 'build')).toContain('Выполняется 1 шаг');
    expect(strings('ru').leave.running(5, 'a')).toContain('Выполняются 5 шагов');
  });
});

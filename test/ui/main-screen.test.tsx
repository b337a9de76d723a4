import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeLogTail, FakeSession } from './fake-session.js';
import { attempt, NOW, prepDone, runState } from './fixtures.js';
import { KEY, renderRun } from './harness.js';

afterEach(() => cleanup());

function runningMigrate(): FakeSession {
  const state = prepDone(runState());
  state.steps['wait-ci']!.status = 'succeeded';
  const started = new Date(NOW.getTime() - 62_000).toISOString();
  state.steps.migrate = {
    ...state.steps.migrate!,
    status: 'running',
    startedAt: started,
    attempts: [attempt(1, started)],
  };
  const tail = new FakeLogTail([
    'Running migrations:',
    '  Applying audit.0042_review_status... \x1b[32mOK\x1b[0m',
  ]);
  return new FakeSession({ state, tails: { migrate: tail }, expected: { migrate: 250_000 } });
}

describe('main screen', () => {
  it('shows the header, the steps with status glyphs, the selected step and its output', async () => {
    const view = await renderRun(runningMigrate());
    const frame = view.frame();
    expect(frame).toContain('Shop 2.0 release · run v2.0.0 · operator alice@bastion');
    expect(frame).toContain('T−3');
    expect(frame).toContain('5/9');
    expect(frame).toContain('● lock held');
    expect(frame).toMatch(/›▶ Apply migrations/);
    expect(frame).toContain('✓ Freeze the migration list');
    expect(frame).toContain('✔ Dry-run migrations');
    expect(frame).toContain('Elapsed 1m 02s');
    expect(frame).toContain('/ ~4m 10s');
    expect(frame).toContain('$ python manage.py migrate');
    expect(frame).toContain('Applying audit.0042_review_status... OK');
    expect(frame).toContain('following');
    expect(frame.split('\n')).toHaveLength(23);
  });

  it('footer lists only keys that apply: a running step can be cancelled, not skipped', async () => {
    const view = await renderRun(runningMigrate());
    const footer = view.frame().split('\n').at(-1) ?? '';
    expect(footer).toContain('c cancel');
    expect(footer).not.toContain('s skip');
    expect(footer).not.toContain('Enter');
  });

  it('moves the selection with arrows and j/k', async () => {
    const view = await renderRun(runningMigrate());
    await view.press(KEY.down);
    expect(view.frame()).toMatch(/›○ Deploy to the web hosts/);
    await view.press('j');
    expect(view.frame()).toMatch(/›○ Smoke tests/);
    await view.press('k', KEY.up);
    expect(view.frame()).toMatch(/›▶ Apply migrations/);
  });

  it('Enter on a pending command asks, then starts it', async () => {
    const session = runningMigrate();
    const view = await renderRun(session);
    await view.press('j', 'j');
    expect(view.frame()).toMatch(/›○ Smoke tests/);
    await view.press(KEY.enter);
    expect(view.frame()).toContain('Run “Smoke tests”?');
    expect(view.frame()).toContain('$ pytest -q tests/smoke');
    expect(session.called('start')).toHaveLength(0);
    await view.press(KEY.enter);
    expect(session.called('start')).toEqual([['smoke', undefined]]);
    expect(view.frame()).toContain('started “Smoke tests”');
  });

  it('Esc on a confirm dialog starts nothing', async () => {
    const session = runningMigrate();
    const view = await renderRun(session);
    await view.press('j', 'j', KEY.enter, KEY.esc);
    expect(view.frame()).not.toContain('Run “Smoke tests”?');
    expect(session.called('start')).toHaveLength(0);
  });
});

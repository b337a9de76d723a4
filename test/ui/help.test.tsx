// `?` opens the help on every screen and in dialogs, listing that screen's keys from the
// bindings table; Escape closes it and the screen is as it was. In a text field `?` is text.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { CockpitApp } from '../../src/ui/app.js';
import { PLAN } from './fixtures.js';
import { KEY, noServices, renderAt, renderRun, testEnv } from './harness.js';
import { running } from './scenes.js';

afterEach(() => cleanup());

const TITLE = 'Keys — Esc or ? closes';

describe('the help overlay', () => {
  it('on the start screen: the start keys and the new-run form keys; Esc closes', async () => {
    const services = {
      ...noServices,
      listPlans: async () => [{ path: 'plans/shop.yaml', plan: PLAN, error: null }],
    };
    const view = await renderAt(
      <CockpitApp
        services={services}
        target={{ kind: 'start' }}
        env={testEnv()}
        size={{ columns: 80, rows: 24 }}
        onExit={() => {}}
      />,
      80,
      24,
    );
    await view.press('?');
    expect(view.frame()).toContain(TITLE);
    expect(view.frame()).toContain('new run of the plan…');
    expect(view.frame()).toContain('Text fields');
    expect(view.frame()).not.toContain('Main screen');
    await view.press(KEY.esc);
    expect(view.frame()).not.toContain(TITLE);
    expect(view.frame()).toContain('Shop 2.0 release');
  });

  it('on the main screen, and in a dialog, which is back as it was after Esc', async () => {
    const view = await renderRun(running());
    await view.press('?');
    expect(view.frame()).toContain(TITLE);
    expect(view.frame()).toContain('Main screen');
    await view.press(KEY.esc);
    await view.press('c');
    expect(view.frame()).toContain('Cancel “Apply migrations”?');
    await view.press('?');
    expect(view.frame()).toContain(TITLE);
    expect(view.frame()).toContain('Confirmations');
    await view.press(KEY.esc);
    expect(view.frame()).not.toContain(TITLE);
    expect(view.frame()).toContain('Cancel “Apply migrations”?');
  });

  it('on the summary of what happened while no one watched', async () => {
    const session = running({
      resume: {
        since: '2026-12-01T10:00:00Z',
        finished: [{ stepId: 'wait-ci', status: 'succeeded', exitCode: 0 }],
        running: [],
        unknown: [],
        otherEvents: 0,
        planChanged: false,
      },
    });
    const view = await renderRun(session);
    expect(view.frame()).toContain('While no one watched');
    await view.press('?');
    expect(view.frame()).toContain(TITLE);
    expect(view.frame()).toContain('Enter/Esc/Space continue to the main');
    // Esc closes the help, not the summary.
    await view.press(KEY.esc);
    expect(view.frame()).toContain('While no one watched');
    expect(view.frame()).not.toContain(TITLE);
  });

  it('is typed as text in a text field', async () => {
    const view = await renderRun(running());
    await view.press('n', '?');
    expect(view.frame()).toContain('> ?');
    expect(view.frame()).not.toContain(TITLE);
  });

  it('takes every key while open: q closes it instead of leaving', async () => {
    let left = 0;
    const view = await renderRun(running(), { onExit: () => left++ });
    await view.press('?', 'q');
    expect(view.frame()).not.toContain(TITLE);
    expect(left).toBe(0);
    await view.press('s');
    expect(view.frame()).not.toContain('Skip “Apply migrations”');
  });
});

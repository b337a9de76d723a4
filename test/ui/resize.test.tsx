// A terminal resize (even through a size too small to draw) keeps the selection and the
// output's scroll position.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeLogTail, FakeSession } from './fake-session.js';
import { prepDone, runState } from './fixtures.js';
import { cockpitOnRun, KEY, noServices, plainFrame, tick } from './harness.js';

afterEach(() => cleanup());

async function cockpit(session: FakeSession) {
  const view = render(cockpitOnRun({ ...noServices, openSession: async () => session }));
  const resize = async (columns: number, rows: number) => {
    Object.defineProperty(view.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(view.stdout, 'rows', { value: rows, configurable: true });
    view.stdout.emit('resize');
    for (let i = 0; i < 4; i++) await tick();
  };
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      view.stdin.write(key);
      for (let i = 0; i < 4; i++) await tick();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await resize(80, 24);
  return { frame: () => plainFrame(view.lastFrame() ?? ''), resize, press };
}

describe('a resize', () => {
  it('keeps the selected step and the output scrolled up, also through "enlarge the terminal"', async () => {
    const state = prepDone(runState());
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i + 1}`);
    const session = new FakeSession({ state, tails: { 'dry-run': new FakeLogTail(lines) } });
    const view = await cockpit(session);
    // Select "Dry-run migrations" (two up from the current step) and scroll its output up.
    await view.press(KEY.up, KEY.up, KEY.up);
    expect(view.frame()).toMatch(/›✔ Dry-run migrations/);
    await view.press(KEY.tab, KEY.pgup, KEY.pgup);
    const scrolled = view.frame();
    expect(scrolled).not.toContain('line 200');
    const firstShown = /line (\d+)/.exec(scrolled)?.[1];

    await view.resize(100, 30);
    expect(view.frame()).toMatch(/›✔ Dry-run migrations/);
    expect(view.frame()).not.toContain('line 200');

    await view.resize(50, 14);
    expect(view.frame()).toContain('Enlarge the terminal');
    await view.resize(80, 24);
    expect(view.frame()).toMatch(/›✔ Dry-run migrations/);
    expect(view.frame()).not.toContain('line 200');
    expect(/line (\d+)/.exec(view.frame())?.[1]).toBe(firstShown);
  });
});

// A narrow footer drops the least important keys first (rollback stays); a step run before
// earlier ones are finished says which (and may still run).
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { strings } from '../../src/ui/i18n/index.js';
import { buildFooter } from '../../src/ui/model/keys-view.js';
import { FakeSession } from './fake-session.js';
import { prepDone, runState } from './fixtures.js';
import { KEY, renderRun } from './harness.js';

afterEach(() => cleanup());

const text = (line: { text: string }[]) => line.map((s) => s.text).join('');

describe('the footer at 80 columns', () => {
  it('keeps Enter, rollback, help and quit when every key applies; drops navigation first', () => {
    const footer = text(
      buildFooter({
        places: ['pane:steps', 'main', 'global'],
        applies: () => true,
        readOnly: false,
        t: strings('en'),
        width: 80,
      }),
    );
    expect(footer.length).toBeLessThanOrEqual(80);
    for (const key of ['Enter', 'R rollback', 'c cancel', '? help', 'q quit']) expect(footer).toContain(key);
    expect(footer).not.toContain('↑↓ move');
  });
});

describe('running a step out of order', () => {
  it('names the earlier steps not finished, and still runs it on Enter', async () => {
    const session = new FakeSession({ state: prepDone(runState()) });
    const view = await renderRun(session, { columns: 100, rows: 30 });
    // The current step is "Wait for CI"; two down is "Deploy", with CI and migrations not done.
    await view.press('j', 'j', KEY.enter);
    const frame = view.frame();
    expect(frame).toContain('Run “Deploy to the web hosts”?');
    expect(frame).toContain('Not finished yet: “Wait for CI to be green”, “Apply migrations”');
    await view.press(KEY.enter);
    expect(session.called('start')).toEqual([['deploy', undefined]]);
  });

  it('says nothing when every earlier step is finished', async () => {
    const view = await renderRun(new FakeSession({ state: prepDone(runState()) }), {
      columns: 100,
      rows: 30,
    });
    await view.press(KEY.enter);
    expect(view.frame()).toContain('Run “Wait for CI to be green”?');
    expect(view.frame()).not.toContain('Not finished yet');
  });
});

// Plan text is shown with the run's values: titles, checklist items and dialogs; the skip
// reason's validation is visible on an empty Enter; the command's timeout is shown once.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { type Plan, PlanSchema } from '../../src/plan/schema.js';
import { MASK } from '../../src/plan/secret-mask.js';
import { FakeSession } from './fake-session.js';
import { runState } from './fixtures.js';
import { KEY, renderRun } from './harness.js';

afterEach(() => cleanup());

const PLAN: Plan = PlanSchema.parse({
  id: 'colours',
  title: 'Colours {{RELEASE_TAG}}',
  version: 1,
  language: 'en',
  variables: {
    RELEASE_TAG: { description: 'The tag' },
    DEPLOY_COLOR: { description: 'Colour for {{RELEASE_TAG}}', pattern: 'blue|green', required: false },
    PREVIOUS_TAG: { description: 'Previous', default: 'v1.9.0' },
    TOKEN: { description: 'Token', secret: true, required: false },
  },
  phases: [
    {
      id: 'go',
      title: 'Go {{RELEASE_TAG}}',
      window: 'T0',
      steps: [
        {
          id: 'changelog',
          kind: 'manual',
          title: 'Changelog for {{RELEASE_TAG}}',
          items: ['The changelog for {{RELEASE_TAG}} is written', 'Token {{TOKEN}} rotated'],
        },
        {
          id: 'switch',
          kind: 'command',
          title: 'Switch traffic to {{DEPLOY_COLOR}}',
          description: 'From {{PREVIOUS_TAG}} to {{RELEASE_TAG}} with {{TOKEN}}',
          run: 'echo switch',
          timeout: '10s',
        },
        { id: 'back', kind: 'command', title: 'Send traffic back to {{PREVIOUS_TAG}}', run: 'echo back' },
        { id: 'later', kind: 'note', title: 'Unset {{NOT_DECLARED}}', text: 'see {{DEPLOY_COLOR}}' },
      ],
    },
  ],
});

function session(): FakeSession {
  const state = runState(PLAN, 'v2');
  state.variables = { RELEASE_TAG: 'v2.0.0', DEPLOY_COLOR: 'green', TOKEN: MASK };
  return new FakeSession({ plan: PLAN, state });
}

describe('plan text with the run’s values', () => {
  it('fills titles in the list and the detail header; defaults count; unknown names stay', async () => {
    const view = await renderRun(session(), { columns: 100 });
    await view.press('j');
    const frame = view.frame();
    expect(frame).toContain('Colours v2.0.0 · run v2');
    expect(frame).toContain('Go v2.0.0');
    expect(frame).toContain('Changelog for v2.0.0');
    expect(frame).toMatch(/›○ Switch traffic to green/);
    expect(frame).toContain('Send traffic back to v1.9.0');
    expect(frame).toContain('Unset {{NOT_DECLARED}}');
    expect(frame).toContain(`From v1.9.0 to v2.0.0 with ${MASK}`);
    expect(frame).not.toContain('{{DEPLOY_COLOR}}');
    expect(frame).not.toContain('{{PREVIOUS_TAG}}');
  });

  it('fills the run dialog’s title', async () => {
    const view = await renderRun(session(), { columns: 100 });
    await view.press('j', KEY.enter);
    expect(view.frame()).toContain('Run “Switch traffic to green”?');
  });

  it('shows a checklist item in its confirm dialog as the detail pane does, secrets masked', async () => {
    const s = session();
    const view = await renderRun(s, { columns: 100 });
    await view.press(KEY.enter);
    let frame = view.frame();
    const dialog = frame.slice(frame.indexOf('Confirm checklist item 1/2'));
    expect(dialog).toContain('The changelog for v2.0.0 is written');
    expect(dialog).not.toContain('{{');
    await view.press(KEY.enter, KEY.enter);
    frame = view.frame();
    expect(frame.slice(frame.indexOf('Confirm checklist item 2/2'))).toContain(`Token ${MASK} rotated`);
  });

  it('shows the timeout once in the detail pane', async () => {
    const view = await renderRun(session(), { columns: 100 });
    await view.press('j');
    const frame = view.frame();
    expect(frame).toContain('# timeout 10s');
    expect(frame.match(/timeout 10s/g)).toHaveLength(1);
  });
});

describe('a text dialog’s validation', () => {
  it('says a reason is required on Enter with an empty reason, and skips nothing', async () => {
    const s = session();
    const view = await renderRun(s, { columns: 100 });
    await view.press('s');
    expect(view.frame()).toContain('Reason (recorded in the journal):');
    expect(view.frame()).not.toContain('a reason is required');
    await view.press(KEY.enter);
    expect(view.frame()).toContain('a reason is required');
    expect(view.frame()).toContain('Reason (recorded in the journal):');
    expect(s.called('skip')).toHaveLength(0);
    await view.press('o', 'k', KEY.enter);
    expect(s.called('skip')).toEqual([['changelog', 'ok']]);
  });
});

// The main screen's reducer and frame as plain functions: no React, no terminal.
import { describe, expect, it } from 'vitest';
import { listSteps } from '../../src/plan/outline.js';
import { strings } from '../../src/ui/i18n/index.js';
import { type MainFrameInput, mainFrame } from '../../src/ui/main/frame.js';
import { initialMainUi, mainPlaces, mainReducer } from '../../src/ui/main/state.js';
import { formReducer, initialForm } from '../../src/ui/model/form.js';
import { buildRows } from '../../src/ui/model/outline.js';
import { NO_LINES } from '../../src/ui/model/output.js';
import { displayWidth, stripSgr } from '../../src/ui/text.js';
import { NOW } from './fixtures.js';
import { running } from './scenes.js';

const STEPS = ['a', 'b', 'c'];

describe('mainReducer', () => {
  it('moves the selection within the steps, resetting scroll, host and search', () => {
    const ui = {
      ...initialMainUi('a'),
      scroll: 5,
      host: 'web1',
      search: { query: 'x', editing: false, index: 0 },
    };
    const moved = mainReducer(ui, { type: 'move', delta: 1, steps: STEPS });
    expect(moved).toMatchObject({ selected: 'b', scroll: 0, host: null, search: null });
    expect(mainReducer(moved, { type: 'move', delta: 5, steps: STEPS }).selected).toBe('c');
    expect(mainReducer(moved, { type: 'move', delta: -5, steps: STEPS }).selected).toBe('a');
  });

  it('follows the release only when the operator was on the step that finished and no dialog is open', () => {
    const ui = initialMainUi('a');
    expect(mainReducer(ui, { type: 'follow', previous: 'a', current: 'b' }).selected).toBe('b');
    expect(mainReducer(ui, { type: 'follow', previous: 'c', current: 'b' }).selected).toBe('a');
    const dialog = { ...ui, dialog: { kind: 'leave' as const, running: 1 } };
    expect(mainReducer(dialog, { type: 'follow', previous: 'a', current: 'b' }).selected).toBe('a');
  });

  it('scrolls within bounds, follows the end, and cycles hosts back to all', () => {
    let ui = initialMainUi('a');
    ui = mainReducer(ui, { type: 'scroll', delta: 50, max: 10 });
    expect(ui.scroll).toBe(10);
    ui = mainReducer(ui, { type: 'scroll', delta: -50, max: 10 });
    expect(ui.scroll).toBe(0);
    const hosts = ['web1', 'web2'];
    ui = mainReducer(ui, { type: 'nextHost', hosts });
    ui = mainReducer(ui, { type: 'nextHost', hosts });
    expect(ui.host).toBe('web2');
    expect(mainReducer(ui, { type: 'nextHost', hosts }).host).toBeNull();
  });

  it('a started flash gives way to its outcome, not another step’s', () => {
    const ui = mainReducer(initialMainUi('a'), {
      type: 'flash',
      flash: { text: 'started', tone: 'ok', stepId: 'a' },
    });
    expect(
      mainReducer(ui, { type: 'outcome', stepId: 'b', flash: { text: 'x', tone: 'ok' } }).flash?.text,
    ).toBe('started');
    expect(
      mainReducer(ui, { type: 'outcome', stepId: 'a', flash: { text: 'a failed', tone: 'bad' } }).flash?.text,
    ).toBe('a failed');
  });

  it('reads keys in the places that have them now', () => {
    const ui = initialMainUi('a');
    expect(mainPlaces(ui)).toEqual(['pane:steps', 'main', 'global']);
    expect(mainPlaces(mainReducer(ui, { type: 'toggleFocus' }))).toEqual(['pane:output', 'main', 'global']);
    expect(mainPlaces(mainReducer(ui, { type: 'overlay', overlay: 'log' }))).toEqual(['pane:log', 'global']);
    expect(mainPlaces(mainReducer(ui, { type: 'startSearch' }))).toEqual(['pane:search']);
  });
});

describe('mainFrame', () => {
  const session = running();
  const view = session.view();
  const base = (columns: number, rows: number): MainFrameInput => {
    const ui = initialMainUi('migrate');
    const ref = listSteps(view.plan).find((r) => r.step.id === 'migrate');
    return {
      schedule: null,
      view,
      ui,
      now: NOW,
      t: strings('en'),
      columns,
      rows,
      takeable: false,
      stepRows: buildRows(view.plan, view.state, -3),
      values: {},
      selected: ref
        ? { id: 'migrate', step: ref.step, state: view.state.steps.migrate, path: ref.path }
        : null,
      lastAttempt: undefined,
      log: NO_LINES,
      logBytes: 0,
      hostLines: [],
      extras: { command: null, message: null, expectedMs: null },
      applies: () => true,
      listStart: 0,
      help: null,
      planPath: 'plans/shop.yaml',
    };
  };
  const text = (lines: ReturnType<typeof mainFrame>['lines']) =>
    lines.map((line) => stripSgr(line.map((s) => s.text).join('')));

  it('is exactly rows − 1 lines, none wider than the terminal, at every size', () => {
    for (const [columns, rows] of [
      [60, 16],
      [80, 24],
      [120, 40],
      [200, 60],
    ] as const) {
      const frame = mainFrame(base(columns, rows));
      expect(frame.lines).toHaveLength(rows - 1);
      for (const line of text(frame.lines)) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
    }
  });

  it('draws the help in place of the panes, the header kept', () => {
    const lines = text(mainFrame({ ...base(80, 24), help: { scroll: 0 } }).lines);
    expect(lines[0]).toContain('Shop 2.0 release');
    expect(lines[2]).toBe('Keys — Esc or ? closes');
    expect(lines.at(-1)).toContain('Esc close');
  });

  it('a dialog takes the output pane and the footer', () => {
    const input = base(80, 24);
    const ui = mainReducer(input.ui, { type: 'openDialog', dialog: { kind: 'leave', running: 1 } });
    const lines = text(mainFrame({ ...input, ui }).lines);
    expect(lines.join('\n')).toContain('Leave the cockpit?');
    expect(lines.at(-1)).toBe('');
  });
});

describe('formReducer', () => {
  const fields = ['a', 'b'].map((label) => ({
    label,
    description: label,
    hint: null,
    initial: `${label}0`,
    mask: false,
    validate: () => null,
  }));

  it('accepts a field, moves on, and back restores the earlier value', () => {
    let state = initialForm(fields);
    expect(state.field.value).toBe('a0');
    state = formReducer(state, { type: 'accept', value: 'a1' });
    expect(state).toMatchObject({ index: 1, values: ['a1', 'b0'] });
    expect(state.field.value).toBe('b0');
    state = formReducer(state, { type: 'back' });
    expect(state.index).toBe(0);
    expect(state.field.value).toBe('a1');
    expect(formReducer(state, { type: 'back' })).toBe(state);
  });
});

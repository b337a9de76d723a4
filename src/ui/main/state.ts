// The main screen's own state (selection, focus, scroll, search, host, dialog, flash) and its
// reducer: plain data in, plain data out. Everything a key or a session change does to the
// screen is one of these actions; what a key does to the release is in commands.ts.
import type { Dialog } from '../dialogs/types.js';
import type { Where } from '../keys.js';
import type { SearchState } from '../model/output.js';
import type { Tone } from '../theme.js';

export interface Flash {
  text: string;
  tone: Tone;
  /** A "started" flash: replaced by the step's outcome when it ends. */
  stepId?: string;
}

export interface MainUi {
  selected: string | null;
  focus: 'list' | 'output';
  /** The full-screen log instead of the panes. */
  overlay: 'log' | null;
  dialog: Dialog | null;
  /** Output lines scrolled up from the end; 0 follows. */
  scroll: number;
  search: SearchState | null;
  host: string | null;
  flash: Flash | null;
}

export function initialMainUi(selected: string | null): MainUi {
  return {
    selected,
    focus: 'list',
    overlay: null,
    dialog: null,
    scroll: 0,
    search: null,
    host: null,
    flash: null,
  };
}

export type MainAction =
  /** Move the selection among `steps` (ids in list order). */
  | { type: 'move'; delta: number; steps: readonly string[] }
  /** The release moved on from `previous`: follow it unless the operator looks elsewhere. */
  | { type: 'follow'; previous: string | null; current: string | null }
  /** Scroll the output by `delta` lines up (negative: down), within [0, max]. */
  | { type: 'scroll'; delta: number; max: number }
  | { type: 'followEnd' }
  | { type: 'toggleFocus' }
  | { type: 'overlay'; overlay: 'log' | null }
  | { type: 'openDialog'; dialog: Dialog }
  /** Replace the open dialog (its field typed in, its stage changed); ignored when none is open. */
  | { type: 'dialog'; dialog: Dialog }
  | { type: 'closeDialog' }
  /** The open unknown-outcome dialog's line of result (a verify exit code). */
  | { type: 'dialogResult'; result: string }
  | { type: 'startSearch' }
  /** The search field's query, the match shown (0 = latest) and the scroll that shows it. */
  | { type: 'searchTo'; query: string; index: number; scroll: number | null }
  | { type: 'keepSearch' }
  | { type: 'clearSearch' }
  /** The next host's output among `hosts`; after the last, all hosts. */
  | { type: 'nextHost'; hosts: readonly string[] }
  | { type: 'flash'; flash: Flash | null }
  /** A started step ended: its "started" flash gives way to its outcome. */
  | { type: 'outcome'; stepId: string; flash: Flash };

export function mainReducer(ui: MainUi, action: MainAction): MainUi {
  switch (action.type) {
    case 'move': {
      if (action.steps.length === 0) return ui;
      const at = Math.max(0, action.steps.indexOf(ui.selected ?? ''));
      const next = action.steps[Math.max(0, Math.min(action.steps.length - 1, at + action.delta))];
      if (next === undefined) return ui;
      return { ...ui, selected: next, scroll: 0, host: null, search: null };
    }
    case 'follow':
      if (action.current === action.previous || ui.selected !== action.previous || ui.dialog) return ui;
      return { ...ui, selected: action.current, scroll: 0, host: null };
    case 'scroll':
      return { ...ui, scroll: Math.max(0, Math.min(action.max, ui.scroll + action.delta)) };
    case 'followEnd':
      return { ...ui, scroll: 0 };
    case 'toggleFocus':
      return { ...ui, focus: ui.focus === 'list' ? 'output' : 'list' };
    case 'overlay':
      return { ...ui, overlay: action.overlay };
    case 'openDialog':
      return { ...ui, dialog: action.dialog, overlay: null };
    case 'dialog':
      return ui.dialog ? { ...ui, dialog: action.dialog } : ui;
    case 'closeDialog':
      return ui.dialog ? { ...ui, dialog: null } : ui;
    case 'dialogResult':
      return ui.dialog?.kind === 'unknown' ? { ...ui, dialog: { ...ui.dialog, result: action.result } } : ui;
    case 'startSearch':
      return { ...ui, search: { query: ui.search?.query ?? '', editing: true, index: 0 } };
    case 'searchTo':
      return {
        ...ui,
        search: { query: action.query, editing: ui.search?.editing ?? true, index: action.index },
        scroll: action.scroll ?? ui.scroll,
      };
    case 'keepSearch':
      return ui.search ? { ...ui, search: { ...ui.search, editing: false } } : ui;
    case 'clearSearch':
      return { ...ui, search: null, scroll: 0 };
    case 'nextHost': {
      const at = ui.host ? action.hosts.indexOf(ui.host) : -1;
      const host = at + 1 < action.hosts.length ? (action.hosts[at + 1] ?? null) : null;
      return { ...ui, host, scroll: 0 };
    }
    case 'flash':
      return ui.flash === action.flash ? ui : { ...ui, flash: action.flash };
    case 'outcome':
      return ui.flash?.stepId === action.stepId ? { ...ui, flash: action.flash } : ui;
  }
}

/** Where the main screen looks keys up now, innermost first (see ui/keys.ts). */
export function mainPlaces(ui: MainUi): Where[] {
  if (ui.dialog) return [];
  if (ui.search?.editing) return ['pane:search'];
  if (ui.overlay === 'log') return ['pane:log', 'global'];
  return [ui.focus === 'list' ? 'pane:steps' : 'pane:output', 'main', 'global'];
}

/** What the main screen's help lists: its own places, then the dialogs' and text fields'. */
export const MAIN_HELP: readonly Where[] = [
  'global',
  'main',
  'pane:steps',
  'pane:output',
  'pane:log',
  'pane:search',
  'dialog:confirm',
  'dialog:choice',
  'form',
  'dialog:help',
];

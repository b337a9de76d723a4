// The start screen's own state as a pure reducer: the plans and runs once listed (or why not),
// today's agenda once read (after the list is on screen), and the selected row — kept by its
// key, so the row under the cursor stays selected when the agenda's rows arrive above it.
import type { AgendaItem } from '../../schedule/agenda.js';
import type { PlanEntry, RunEntry } from '../services.js';
import { buildStartRows, isSelectable, rowKey, type StartRow } from './start-rows.js';

export interface StartState {
  data: { plans: PlanEntry[]; runs: RunEntry[] } | null;
  error: string | null;
  agenda: AgendaItem[];
  /** The selected row's key; null: the first selectable row. */
  selected: string | null;
}

export type StartAction =
  | { type: 'listed'; plans: PlanEntry[]; runs: RunEntry[] }
  | { type: 'failed'; error: string }
  | { type: 'agenda'; items: AgendaItem[] }
  | { type: 'move'; delta: number; rows: readonly StartRow[] };

export const initialStart: StartState = { data: null, error: null, agenda: [], selected: null };

export function startReducer(state: StartState, action: StartAction): StartState {
  switch (action.type) {
    case 'listed':
      return { ...state, data: { plans: action.plans, runs: action.runs }, error: null };
    case 'failed':
      return { ...state, error: action.error };
    case 'agenda':
      return { ...state, agenda: action.items };
    case 'move': {
      const keys = action.rows.filter(isSelectable).map(rowKey);
      if (keys.length === 0) return state;
      const at = Math.max(0, keys.indexOf(selectedKey(state, action.rows) ?? ''));
      const next = keys[Math.max(0, Math.min(keys.length - 1, at + action.delta))] ?? null;
      return next === state.selected ? state : { ...state, selected: next };
    }
  }
}

/** The rows the state shows (`only`: one plan's runs). */
export function startRows(state: StartState, only: PlanEntry | null): StartRow[] {
  return state.data ? buildStartRows(state.data.plans, state.data.runs, only, only ? [] : state.agenda) : [];
}

/** The selected row's key: the kept one while it is listed, else the first selectable row's. */
export function selectedKey(state: StartState, rows: readonly StartRow[]): string | null {
  const keys = rows.filter(isSelectable).map(rowKey);
  return state.selected !== null && keys.includes(state.selected) ? state.selected : (keys[0] ?? null);
}

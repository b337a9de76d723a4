// The main screen as a component: it subscribes to the session, the log tail and the clock,
// reads keys through the bindings table, dispatches to the reducer (main/state.ts) or runs a
// command (main/commands.ts), and draws the lines main/frame.ts computes. No layout here.
import { type ReactElement, useMemo, useReducer, useRef } from 'react';
import { listSteps } from '../../plan/outline.js';
import type { Session } from '../../session/types.js';
import { LinesBox } from '../components/lines.js';
import { editText } from '../dialogs/text-edit.js';
import { useUiEnv } from '../env.js';
import { useHelp } from '../help.js';
import { useFollowRelease } from '../hooks/use-follow-release.js';
import { useHostLines } from '../hooks/use-host-lines.js';
import { useLockTakeable, useLogTail, useSessionView, useTick } from '../hooks/use-session.js';
import { type ActionId, actionFor, findBinding } from '../keys.js';
import { type CommandContext, runAction } from '../main/commands.js';
import { dialogKey } from '../main/dialog-keys.js';
import { mainFrame } from '../main/frame.js';
import { initialMainUi, type MainUi, mainPlaces, mainReducer } from '../main/state.js';
import { applies, isFrozen, type Selected } from '../main/step-actions.js';
import { holderName, scheduleText } from '../model/header.js';
import { buildRows, currentStepId, runningStepIds } from '../model/outline.js';
import { logLinesOf, scrollToLine, searchMatches } from '../model/output.js';
import { fillTemplate, shownValues } from '../model/template.js';
import { dayFromT0, parseT0 } from '../model/time.js';
import { useKeys } from '../router.js';

export interface MainScreenProps {
  session: Session;
  columns: number;
  rows: number;
  onLeave: () => void;
  /** Watch mode, lock free or its holder gone: reopen the run for writing. */
  onTakeLock?: () => void;
  /**
   * Kept by the caller across an unmount (the terminal made too small, then larger again): the
   * selection, scroll positions, focus and open dialog come back as they were.
   */
  memory?: { current: MainMemory | null };
}

export interface MainMemory {
  ui: MainUi;
  listStart: number;
}

export function MainScreen({
  session,
  columns,
  rows,
  onLeave,
  onTakeLock,
  memory,
}: MainScreenProps): ReactElement {
  const { t, theme, now: clock, tickMs } = useUiEnv();
  const help = useHelp();
  const view = useSessionView(session);
  const { plan, state } = view;
  useTick(runningStepIds(state).length > 0 || plan.t0 ? tickMs : 0);
  const takeable = useLockTakeable(session, view, tickMs, onTakeLock);
  const now = clock();
  const t0 = parseT0(plan.t0 ? state.variables[plan.t0] : undefined);
  const today = t0 ? dayFromT0(now, t0) : null;

  const [ui, dispatch] = useReducer(mainReducer, null, () =>
    memory?.current?.ui ? memory.current.ui : initialMainUi(currentStepId(plan, state)),
  );
  useFollowRelease(plan, state, ui, dispatch, t);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view version stands for plan and state
  const stepRows = useMemo(() => buildRows(plan, state, today, view.signoffs), [view.version, today]);
  const refs = useMemo(() => listSteps(plan), [plan]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view version stands for the values
  const values = useMemo(() => shownValues(plan, state.variables), [plan, view.version]);
  const ref = refs.find((r) => r.step.id === ui.selected) ?? null;
  const stepState = ref ? state.steps[ref.step.id] : undefined;
  const selected: (Selected & { id: string }) | null = ref
    ? { id: ref.step.id, step: ref.step, state: stepState, path: ref.path }
    : null;
  const lastAttempt = stepState?.attempts[stepState.attempts.length - 1];
  const tail = useLogTail(session, ui.selected, lastAttempt?.attempt, ui.host ?? undefined);
  const hostLines = useHostLines(session, ui.host ? null : ui.selected, lastAttempt, t.hostState);
  const log = logLinesOf(tail);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view version stands for the step's state
  const extras = useMemo(
    () =>
      selected
        ? {
            command: session.displayCommand(selected.id),
            message: selected.step.kind === 'message' ? session.renderMessage(selected.id) : null,
            expectedMs: session.expectedDurationMs(selected.id),
            signoff: view.signoffs?.[selected.id] ?? null,
          }
        : null,
    [session, selected?.id, view.version],
  );
  // Earlier runs' durations arrive after the first frame; the line moves with the clock.
  const samples = session.durationSamples?.() ?? null;
  const scheduleClock = Math.floor(now.getTime() / 15_000);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view version and the clock's 15 s stand for what it reads
  const schedule = useMemo(
    () => scheduleText(view, now, samples, t.lang),
    [view.version, samples, scheduleClock],
  );
  const appliesNow = (action: ActionId) =>
    action === 'takeLock'
      ? takeable
      : action === 'clearSearch'
        ? ui.search !== null
        : applies(action, view, selected);

  const listStart = useRef(memory?.current?.listStart ?? 0);
  const frame = mainFrame({
    view,
    ui,
    now,
    t,
    columns,
    rows,
    takeable,
    stepRows,
    values,
    selected,
    lastAttempt,
    log,
    logBytes: tail?.bytes() ?? 0,
    hostLines,
    extras,
    applies: appliesNow,
    listStart: listStart.current,
    help: help.open ? { scroll: help.scroll } : null,
    schedule,
    planPath: view.planPath,
  });
  listStart.current = frame.listStart;
  if (memory) memory.current = { ui, listStart: frame.listStart };

  const ctx: CommandContext = {
    session,
    view,
    selected,
    rows: stepRows,
    ui,
    dispatch,
    t,
    fill: (text) => fillTemplate(text, values),
    outputLines: log.total,
    outputHeight: frame.logHeight,
    hosts: lastAttempt?.hosts ?? [],
    leave: onLeave,
    takeLock: () => onTakeLock?.(),
  };

  /** The search field being typed: its bindings, else the key edits the query. */
  const searchKey = (name: string, input: string) => {
    const search = ui.search;
    if (!search) return;
    const action = actionFor(['pane:search'], name);
    if (action === 'keep') dispatch({ type: 'keepSearch' });
    else if (action === 'clearSearch') dispatch({ type: 'clearSearch' });
    else if (action === 'up' || action === 'down')
      jumpToMatch(search.query, search.index + (action === 'up' ? 1 : -1));
    else jumpToMatch(editText({ value: search.query, armed: false }, name, input).field.value, 0);
  };

  function jumpToMatch(query: string, index: number): void {
    const matches = searchMatches(log.all(), query);
    const bounded = Math.max(0, Math.min(matches.length - 1, index));
    const line = matches[matches.length - 1 - bounded];
    const scroll = line === undefined ? null : scrollToLine(log.total, line, frame.logHeight);
    dispatch({ type: 'searchTo', query, index: matches.length ? bounded : 0, scroll });
  }

  /** A key in the screen's places: refused with a flash when it writes while watching or does not apply. */
  const screenKey = (name: string): boolean => {
    const binding = findBinding(mainPlaces(ui), name);
    // The help key belongs to the help overlay (help.tsx).
    if (!binding || binding.action === 'help') return false;
    if (binding.action === 'clearSearch' && !ui.search) return false;
    if (ui.flash) dispatch({ type: 'flash', flash: null });
    if (binding.writes && view.mode === 'watch') {
      dispatch({ type: 'flash', flash: { text: t.flash.readOnly(holderName(view)), tone: 'warn' } });
      return true;
    }
    if (!appliesNow(binding.action)) {
      const frozen =
        selected && isFrozen(view, selected) && ['enter', 'skip', 'retry'].includes(binding.action);
      const text =
        binding.action === 'rollback'
          ? plan.rollback
            ? t.flash.rollbackDecided
            : t.flash.noRollback
          : frozen
            ? t.flash.frozen
            : t.flash.notNow;
      dispatch({ type: 'flash', flash: { text, tone: 'warn' } });
      return true;
    }
    runAction(binding.action, ctx, ui.overlay === 'log' ? 'log' : ui.focus);
    return true;
  };

  // A dialog is on the dialog layer: the router gives a text field a paste whole.
  useKeys(
    'dialog',
    (name, input) => (ui.dialog ? dialogKey(ui.dialog, name, input, ctx) : false),
    !!ui.dialog,
  );
  useKeys('pane', (name, input) => {
    if (ui.dialog) return false;
    if (ui.search?.editing) {
      searchKey(name, input);
      return true;
    }
    return screenKey(name);
  });

  return <LinesBox lines={frame.lines} width={columns} height={rows - 1} theme={theme} />;
}

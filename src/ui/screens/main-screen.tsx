// The main screen: header, steps, the selected step, its output, dialogs, help and the
// full-screen log. Keys come from the router by layer; what they do is in main-commands.ts.
import { Box } from 'ink';
import { type ReactElement, useMemo, useRef, useState } from 'react';
import { listSteps } from '../../plan/outline.js';
import type { Session } from '../../session/types.js';
import { LinesBox } from '../components/lines.js';
import { buildDialog } from '../dialogs/build.js';
import { editText } from '../dialogs/text-edit.js';
import { useUiEnv } from '../env.js';
import { useFollowRelease } from '../hooks/use-follow-release.js';
import { useHostLines } from '../hooks/use-host-lines.js';
import { useLockTakeable, useLogTail, useSessionView, useTick } from '../hooks/use-session.js';
import { type ActionId, findBinding, type Scope } from '../keys.js';
import { buildDetail } from '../model/detail.js';
import { buildHeader, holderName } from '../model/header.js';
import { buildFooter, buildHelp } from '../model/keys-view.js';
import { mainLayout } from '../model/layout.js';
import { type Line, seg } from '../model/line.js';
import {
  activePath,
  buildRows,
  currentStepId,
  isFinished,
  runningStepIds,
  windowStart,
} from '../model/outline.js';
import { buildOutput, logLinesOf, scrollToLine, searchMatches } from '../model/output.js';
import { buildStepList } from '../model/step-list.js';
import { fillTemplate, shownValues } from '../model/template.js';
import { dayFromT0, parseT0 } from '../model/time.js';
import { useKeys } from '../router.js';
import { dialogKey } from './dialog-keys.js';
import { type CommandContext, type MainUi, runAction } from './main-commands.js';
import { applies, enterLabel, enterMeaning, isFrozen, type Selected } from './step-actions.js';

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

const INITIAL: Omit<MainUi, 'selected'> = {
  focus: 'list',
  overlay: null,
  helpScroll: 0,
  dialog: null,
  scroll: 0,
  search: null,
  host: null,
  flash: null,
};

export function MainScreen({
  session,
  columns,
  rows,
  onLeave,
  onTakeLock,
  memory,
}: MainScreenProps): ReactElement {
  const { t, theme, now: clock, tickMs } = useUiEnv();
  const view = useSessionView(session);
  const { plan, state } = view;
  const running = runningStepIds(state);
  useTick(running.length > 0 || plan.t0 ? tickMs : 0);
  const takeable = useLockTakeable(session, view, tickMs, onTakeLock);
  const now = clock();
  const t0 = parseT0(plan.t0 ? state.variables[plan.t0] : undefined);
  const today = t0 ? dayFromT0(now, t0) : null;

  const [ui, setUi] = useState<MainUi>(
    () => memory?.current?.ui ?? { ...INITIAL, selected: currentStepId(plan, state) },
  );
  const update = (change: (ui: MainUi) => MainUi) => setUi(change);

  useFollowRelease(plan, state, ui, setUi, t);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view version stands for plan and state
  const rowsModel = useMemo(() => buildRows(plan, state, today), [view.version, today]);
  const refs = useMemo(() => listSteps(plan), [plan]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view version stands for the values
  const values = useMemo(() => shownValues(plan, state.variables), [plan, view.version]);
  const fill = (text: string) => fillTemplate(text, values);
  const ref = refs.find((r) => r.step.id === ui.selected) ?? null;
  const stepState = ref ? state.steps[ref.step.id] : undefined;
  const selected: (Selected & { id: string }) | null = ref
    ? { id: ref.step.id, step: ref.step, state: stepState, path: ref.path }
    : null;
  const appliesNow = (action: ActionId) =>
    action === 'takeLock' ? takeable : applies(action, view, selected);
  const lastAttempt = stepState?.attempts[stepState.attempts.length - 1];
  const hostNames = lastAttempt?.hosts ?? [];
  const tail = useLogTail(session, ui.selected, lastAttempt?.attempt, ui.host ?? undefined);
  const hostLines = useHostLines(session, ui.host ? null : ui.selected, lastAttempt);
  const logLines = logLinesOf(tail);

  // Every step of the active path finished: say so (and how to get the report) when nothing else is said.
  const complete = rowsModel.every(
    (row) => row.kind !== 'step' || row.ref.path !== activePath(state) || isFinished(row.status),
  );
  const statusLine =
    ui.flash ?? (complete ? { text: t.flash.complete(view.planPath, state.run), tone: 'ok' as const } : null);

  // Layout.
  const header = buildHeader(view, now, t, columns, takeable);
  const dialogMax = rows - 1 - header.length - (statusLine ? 1 : 0) - 1 - 4;
  const dialogLines = ui.dialog ? buildDialog(ui.dialog, plan, t, columns, dialogMax, fill) : null;
  const layout = mainLayout(
    columns,
    rows,
    header.length,
    !!statusLine,
    dialogLines ? dialogLines.length : null,
  );
  const bodyHeight = layout.topHeight + layout.bottomHeight;
  const outputHeight = ui.overlay === 'log' ? bodyHeight : layout.bottomHeight;
  const logHeight = Math.max(
    1,
    outputHeight -
      1 -
      (ui.search ? 1 : 0) -
      (ui.host ? 0 : Math.min(hostLines.length, Math.floor((outputHeight - 1) / 2))),
  );

  const readOnly = view.mode === 'watch';
  const scopes: Scope[] =
    ui.overlay === 'help'
      ? ['help', 'global']
      : ui.overlay === 'log'
        ? ['log', 'global']
        : [ui.focus, 'main', 'global'];
  const meaning = selected ? enterMeaning(selected) : null;

  const ctx: CommandContext = {
    session,
    view,
    selected,
    rows: rowsModel,
    ui,
    update,
    t,
    fill,
    outputLines: logLines.total,
    outputHeight: logHeight,
    hosts: hostNames,
    leave: onLeave,
    takeLock: () => onTakeLock?.(),
  };

  const dispatch = (scopeList: readonly Scope[], name: string): boolean => {
    const binding = findBinding(scopeList, name);
    if (!binding) return false;
    setUi((u) => (u.flash ? { ...u, flash: null } : u));
    if (binding.writes && readOnly) {
      setUi((u) => ({ ...u, flash: { text: t.flash.readOnly(holderName(view)), tone: 'warn' } }));
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
      setUi((u) => ({ ...u, flash: { text, tone: 'warn' } }));
      return true;
    }
    const scope =
      binding.scope === 'list' || binding.scope === 'output' || binding.scope === 'log'
        ? binding.scope
        : 'main';
    runAction(binding.action, ctx, scope);
    return true;
  };

  // Dialog layer: takes every key.
  useKeys(
    'dialog',
    (name, input) => {
      if (!ui.dialog) return false;
      dialogKey(ui.dialog, name, input, ctx);
      return true;
    },
    !!ui.dialog,
  );
  // Search field (an overlay on the output pane) while it is being typed.
  useKeys(
    'overlay',
    (name, input) => {
      const search = ui.search;
      if (!search?.editing || ui.dialog) return false;
      if (name === 'enter')
        setUi((u) => ({ ...u, search: u.search ? { ...u.search, editing: false } : null }));
      else if (name === 'esc' || name === 'C-c') setUi((u) => ({ ...u, search: null, scroll: 0 }));
      else if (name === 'up' || name === 'down')
        jumpToMatch(search.query, search.index + (name === 'up' ? 1 : -1));
      else jumpToMatch(editText({ value: search.query, armed: false }, name, input).field.value, 0);
      return true;
    },
    !!ui.search?.editing && !ui.dialog,
  );
  // Help and full-screen log.
  useKeys(
    'overlay',
    (name) => {
      if (!ui.overlay || ui.dialog) return false;
      if ((name === 'up' || name === 'down') && ui.overlay === 'help') {
        setUi((u) => ({ ...u, helpScroll: Math.max(0, u.helpScroll + (name === 'up' ? -1 : 1)) }));
        return true;
      }
      return dispatch(ui.overlay === 'help' ? ['help'] : ['log'], name);
    },
    ui.overlay !== null && !ui.dialog,
  );
  useKeys('pane', (name) => {
    if (name === 'esc' && ui.search) {
      setUi((u) => ({ ...u, search: null, scroll: 0 }));
      return true;
    }
    return dispatch([ui.focus], name);
  });
  useKeys('screen', (name) => (ui.overlay ? false : dispatch(['main'], name)));
  useKeys('global', (name) => dispatch(['global'], name));

  function jumpToMatch(query: string, index: number): void {
    const matches = searchMatches(logLines.all(), query);
    const bounded = Math.max(0, Math.min(matches.length - 1, index));
    const line = matches[matches.length - 1 - bounded];
    setUi((u) => ({
      ...u,
      search: { query, editing: u.search?.editing ?? true, index: matches.length ? bounded : 0 },
      scroll: line === undefined ? u.scroll : scrollToLine(logLines.total, line, logHeight),
    }));
  }

  // Panes.
  const listStart = useRef(memory?.current?.listStart ?? 0);
  const selectedRow = rowsModel.findIndex((row) => row.kind === 'step' && row.ref.step.id === ui.selected);
  listStart.current = windowStart(
    rowsModel.length,
    Math.max(0, selectedRow),
    layout.topHeight,
    listStart.current,
  );
  if (memory) memory.current = { ui, listStart: listStart.current };
  const outputLabel = selected
    ? `${selected.id}${lastAttempt ? ` #${lastAttempt.attempt}` : ''}${ui.host ? ` · ${t.output.host} ${ui.host}` : ''}`
    : '';
  const output = (height: number) =>
    buildOutput({
      label: outputLabel,
      lines: logLines,
      bytes: tail?.bytes() ?? 0,
      scroll: ui.scroll,
      height,
      width: columns,
      focused: ui.focus === 'output' || ui.overlay === 'log',
      hosts: ui.host ? [] : hostLines,
      search: ui.search,
      empty: lastAttempt ? t.output.empty : t.output.noAttempt,
      t,
    });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view version stands for the step's state
  const detailExtras = useMemo(
    () =>
      selected
        ? {
            command: session.displayCommand(selected.id),
            message: selected.step.kind === 'message' ? session.renderMessage(selected.id) : null,
            expectedMs: session.expectedDurationMs(selected.id),
          }
        : null,
    [session, selected?.id, view.version],
  );

  const flashLine: Line[] = statusLine ? [[seg(statusLine.text, { tone: statusLine.tone, bold: true })]] : [];
  const footer = buildFooter({
    scopes,
    applies: (action: ActionId) =>
      appliesNow(action) &&
      !(action === 'down' && ui.overlay === 'help') &&
      // Enter already says "retry": r needs no second place in a short footer.
      !(action === 'retry' && meaning === 'retry'),
    readOnly,
    labels: { enter: enterLabel(meaning) },
    t,
    width: columns,
  });

  let body: ReactElement;
  if (ui.overlay === 'help') {
    const help = buildHelp(['global', 'main', 'list', 'output', 'log'], t, columns);
    const title: Line = [seg(`${t.help.title} — ${t.help.close}`, { bold: true, tone: 'accent' })];
    const start = Math.min(ui.helpScroll, Math.max(0, help.length - (bodyHeight - 1)));
    body = (
      <LinesBox lines={[title, ...help.slice(start)]} width={columns} height={bodyHeight} theme={theme} />
    );
  } else if (ui.overlay === 'log' && !ui.dialog) {
    body = <LinesBox lines={output(bodyHeight)} width={columns} height={bodyHeight} theme={theme} />;
  } else {
    const list = buildStepList(
      rowsModel,
      selectedRow,
      listStart.current,
      layout.topHeight,
      layout.listWidth,
      ui.focus === 'list',
      values,
    );
    const detail =
      selected && detailExtras
        ? buildDetail({
            plan,
            step: selected.step,
            state: selected.state,
            variables: state.variables,
            values,
            ...detailExtras,
            now,
            width: layout.detailWidth - 1,
            t,
          })
        : [];
    const separator: Line[] = Array.from({ length: layout.topHeight }, () => [seg('│', { dim: true })]);
    body = (
      <>
        <Box flexDirection="row" height={layout.topHeight}>
          <LinesBox lines={list} width={layout.listWidth} height={layout.topHeight} theme={theme} />
          <LinesBox lines={separator} width={1} height={layout.topHeight} theme={theme} />
          <Box paddingLeft={1}>
            <LinesBox lines={detail} width={layout.detailWidth - 1} height={layout.topHeight} theme={theme} />
          </Box>
        </Box>
        <LinesBox
          lines={dialogLines ?? output(layout.bottomHeight)}
          width={columns}
          height={layout.bottomHeight}
          theme={theme}
        />
      </>
    );
  }

  return (
    <Box flexDirection="column" width={columns} height={layout.height}>
      <LinesBox lines={header} width={columns} height={layout.headerHeight} theme={theme} />
      {body}
      {statusLine ? <LinesBox lines={flashLine} width={columns} height={1} theme={theme} /> : null}
      <LinesBox lines={[ui.dialog ? [] : footer]} width={columns} height={1} theme={theme} />
    </Box>
  );
}

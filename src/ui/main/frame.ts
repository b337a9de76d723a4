// The main screen as a pure function of its inputs: every row of the frame (header; steps |
// the selected step; the output, a dialog or the full-screen log; the help; the flash line;
// the footer), each cut to the terminal's width. The React component only gathers the inputs
// (session view, log tail, clock) and draws these lines.
import type { AttemptState } from '../../journal/state-types.js';
import type { SessionView } from '../../session/types.js';
import { buildDialog } from '../dialogs/build.js';
import type { Strings } from '../i18n/index.js';
import type { ActionId } from '../keys.js';
import { buildDetail } from '../model/detail.js';
import { buildHeader, headerModel } from '../model/header.js';
import { buildFooter, helpBody } from '../model/keys-view.js';
import { mainLayout } from '../model/layout.js';
import { cutLine, type Line, padLine, seg } from '../model/line.js';
import { activePath, isFinished, type Row, windowStart } from '../model/outline.js';
import { buildOutput, type HostLine, type LogLines } from '../model/output.js';
import { buildStepList } from '../model/step-list.js';
import { fillTemplate } from '../model/template.js';
import { MAIN_HELP, type MainUi, mainPlaces } from './state.js';
import type { Selected } from './step-actions.js';
import { enterLabel, enterMeaning } from './step-actions.js';

export interface MainFrameInput {
  view: SessionView;
  ui: MainUi;
  now: Date;
  t: Strings;
  columns: number;
  rows: number;
  /** Watching, and the lock can be taken now. */
  takeable: boolean;
  /** The steps pane's rows (model/outline buildRows) and the values plan text is filled with. */
  stepRows: readonly Row[];
  values: Record<string, string>;
  selected: (Selected & { id: string }) | null;
  lastAttempt: AttemptState | undefined;
  /** The selected step's output, its size, and one line per host of a multi-host attempt. */
  log: LogLines;
  logBytes: number;
  hostLines: HostLine[];
  /** What the session says about the selected step: its command, message, expected duration. */
  extras: { command: string | null; message: string | null; expectedMs: number | null } | null;
  /** Does an action apply now (footer)? Watch mode is the footer's own concern. */
  applies: (action: ActionId) => boolean;
  /** The steps pane's first row in the previous frame (it moves as little as it can). */
  listStart: number;
  /** The help overlay, open, scrolled this far. */
  help: { scroll: number } | null;
  /** The header's schedule line (model/header scheduleText), or null. */
  schedule: string | null;
  /** The run's report command, for the "release complete" line. */
  planPath: string;
}

export interface MainFrame {
  /** Exactly rows − 1 lines (ink's root is one row short of the terminal). */
  lines: Line[];
  listStart: number;
  /** Rows of log text the output pane (or full-screen log) shows: what paging moves by. */
  logHeight: number;
}

/** The flash line: the last decision's result, else "release complete" when the path is done. */
export function statusLine(input: MainFrameInput): MainUi['flash'] {
  if (input.ui.flash) return input.ui.flash;
  const path = activePath(input.view.state);
  const complete = input.stepRows.every(
    (row) => row.kind !== 'step' || row.ref.path !== path || isFinished(row.status),
  );
  return complete ? { text: input.t.flash.complete(input.planPath, input.view.state.run), tone: 'ok' } : null;
}

/** Exactly `height` rows of `lines`, each cut to `width`; `pad`ded to it to put rows side by side. */
function block(lines: readonly Line[], width: number, height: number, pad = false): Line[] {
  return Array.from({ length: height }, (_, i) => {
    const line = cutLine(lines[i] ?? [], width, true);
    return pad ? padLine(line, width) : line;
  });
}

export function mainFrame(input: MainFrameInput): MainFrame {
  const { ui, view, t, columns, rows, selected } = input;
  const flash = statusLine(input);
  const header = buildHeader(headerModel(view, input.now, input.takeable, input.schedule), t, columns);
  const dialogMax = rows - 1 - header.length - (flash ? 1 : 0) - 1 - 4;
  const fill = (text: string) => fillTemplate(text, input.values);
  const dialogLines =
    ui.dialog && !input.help ? buildDialog(ui.dialog, view.plan, t, columns, dialogMax, fill) : null;
  const layout = mainLayout(columns, rows, header.length, !!flash, dialogLines ? dialogLines.length : null);
  const bodyHeight = layout.topHeight + layout.bottomHeight;
  const outputHeight = ui.overlay === 'log' ? bodyHeight : layout.bottomHeight;
  const hostRows = ui.host ? 0 : Math.min(input.hostLines.length, Math.floor((outputHeight - 1) / 2));
  const logHeight = Math.max(1, outputHeight - 1 - (ui.search ? 1 : 0) - hostRows);

  const selectedRow = input.stepRows.findIndex(
    (row) => row.kind === 'step' && row.ref.step.id === ui.selected,
  );
  const listStart = windowStart(
    input.stepRows.length,
    Math.max(0, selectedRow),
    layout.topHeight,
    input.listStart,
  );
  const attempt = input.lastAttempt;
  const output = (height: number) =>
    buildOutput({
      label: selected
        ? `${selected.id}${attempt ? ` #${attempt.attempt}` : ''}${ui.host ? ` · ${t.output.host} ${ui.host}` : ''}`
        : '',
      lines: input.log,
      bytes: input.logBytes,
      scroll: ui.scroll,
      height,
      width: columns,
      focused: ui.focus === 'output' || ui.overlay === 'log',
      hosts: ui.host ? [] : input.hostLines,
      search: ui.search,
      empty: attempt ? t.output.empty : t.output.noAttempt,
      t,
    });

  let body: Line[];
  if (input.help) {
    body = block(helpBody(MAIN_HELP, t, columns, bodyHeight, input.help.scroll), columns, bodyHeight);
  } else if (ui.overlay === 'log' && !ui.dialog) {
    body = block(output(bodyHeight), columns, bodyHeight);
  } else {
    const list = buildStepList(
      input.stepRows,
      selectedRow,
      listStart,
      layout.topHeight,
      layout.listWidth,
      ui.focus === 'list',
      input.values,
    );
    const detail =
      selected && input.extras
        ? buildDetail({
            plan: view.plan,
            step: selected.step,
            state: selected.state,
            variables: view.state.variables,
            values: input.values,
            ...input.extras,
            readOnly: view.mode === 'watch',
            now: input.now,
            width: layout.detailWidth - 1,
            t,
          })
        : [];
    const left = block(list, layout.listWidth, layout.topHeight, true);
    const right = block(detail, layout.detailWidth - 1, layout.topHeight);
    const top = left.map(
      (line, i): Line => [...line, seg('│', { dim: true }), seg(' '), ...(right[i] ?? [])],
    );
    body = [...top, ...block(dialogLines ?? output(layout.bottomHeight), columns, layout.bottomHeight)];
  }

  const meaning = selected ? enterMeaning(selected) : null;
  const places = input.help ? (['dialog:help'] as const) : mainPlaces(ui);
  const footer = buildFooter({
    places,
    applies: (action) =>
      input.applies(action) &&
      // Enter already says "retry": r needs no second place in a short footer.
      !(action === 'retry' && meaning === 'retry'),
    readOnly: view.mode === 'watch',
    enter: enterLabel(meaning),
    t,
    width: columns,
  });
  const lines: Line[] = [
    ...block(header, columns, layout.headerHeight),
    ...body,
    ...(flash ? [[seg(flash.text, { tone: flash.tone, bold: true })]] : []),
    ui.dialog && !input.help ? [] : footer,
  ];
  return { lines, listStart, logHeight };
}

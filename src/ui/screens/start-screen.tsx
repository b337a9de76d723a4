import { Box } from 'ink';
import { type ReactElement, useEffect, useReducer, useRef } from 'react';
import { LinesBox } from '../components/lines.js';
import { useUiEnv } from '../env.js';
import { useHelp } from '../help.js';
import { useOnTerminal } from '../hooks/use-on-terminal.js';
import { actionFor, type Where } from '../keys.js';
import { buildFooter, helpBody } from '../model/keys-view.js';
import { type Line, padLine, seg } from '../model/line.js';
import { windowStart } from '../model/outline.js';
import { isSelectable, rowKey, startRowLine } from '../model/start-rows.js';
import { initialStart, selectedKey, startReducer, startRows } from '../model/start-state.js';
import { useKeys } from '../router.js';
import type { CockpitServices, PlanEntry, RunEntry } from '../services.js';

/** What the start screen's help lists: its keys, then the new-run form's. */
const START_HELP: readonly Where[] = ['global', 'start', 'form', 'dialog:help'];

export interface StartScreenProps {
  services: CockpitServices;
  /** Show only this plan's runs and a "new run" row. */
  only: PlanEntry | null;
  columns: number;
  rows: number;
  message: string | null;
  onOpenPlan: (plan: PlanEntry) => void;
  onOpenRun: (run: RunEntry, plan: PlanEntry | null) => void;
  onNewRun: (plan: PlanEntry, existing: string[]) => void;
}

export function StartScreen(props: StartScreenProps): ReactElement {
  const { t, theme, now: clock, frames } = useUiEnv();
  const help = useHelp();
  const { services, columns, rows, only } = props;
  const [state, dispatch] = useReducer(startReducer, initialStart);
  const start = useRef(0);
  useEffect(() => {
    let live = true;
    Promise.all([services.listPlans(), services.listRuns()]).then(
      ([plans, runs]) => live && dispatch({ type: 'listed', plans, runs }),
      (e: unknown) => live && dispatch({ type: 'failed', error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [services]);
  // Today's agenda reads the unfinished runs and their plans: once the list is on the terminal.
  useOnTerminal(only ? null : state.data, frames, () => {
    services.agenda?.(clock()).then(
      (items) => dispatch({ type: 'agenda', items }),
      () => {
        // The agenda is a convenience; `release-cockpit agenda` says what is wrong.
      },
    );
  });
  const list = startRows(state, only);
  const key = selectedKey(state, list);
  const at = list.findIndex((r) => isSelectable(r) && rowKey(r) === key);
  const row = list[at];
  const data = state.data;

  useKeys('screen', (name) => {
    const action = actionFor(['start'], name);
    if (!action || !data) return false;
    if (action === 'up') dispatch({ type: 'move', delta: -1, rows: list });
    else if (action === 'down') dispatch({ type: 'move', delta: 1, rows: list });
    else if (action === 'open' && row) {
      if (row.kind === 'plan' && row.entry.plan) props.onOpenPlan(row.entry);
      else if (row.kind === 'run') props.onOpenRun(row.entry, row.plan);
      else if (row.kind === 'due' && row.entry) props.onOpenRun(row.entry, row.plan);
      else if (row.kind === 'new') props.onNewRun(row.plan, existing(row.plan));
    } else if (action === 'newRun' && row) {
      const plan =
        row.kind === 'plan'
          ? row.entry
          : row.kind === 'run' || row.kind === 'new' || row.kind === 'due'
            ? row.plan
            : null;
      if (plan?.plan) props.onNewRun(plan, existing(plan));
    }
    return true;
  });

  function existing(plan: PlanEntry): string[] {
    return (data?.runs ?? []).filter((r) => r.planId === plan.plan?.id).map((r) => r.run);
  }

  const now = clock();
  const title: Line[] = [
    [seg(only?.plan ? t.start.runsOf(only.plan.title) : t.start.title, { bold: true, tone: 'accent' })],
    [],
  ];
  const bodyHeight = rows - 1 - title.length - 2;
  start.current = windowStart(list.length, Math.max(0, at), bodyHeight, start.current);
  const body: Line[] = list.slice(start.current, start.current + bodyHeight).map((r, i) => {
    const line = startRowLine(r, t, now, columns, process.cwd());
    if (start.current + i !== at) return line;
    const [head, ...rest] = line;
    const marked = head ? [{ ...head, text: `›${head.text.slice(1)}` }, ...rest] : line;
    return padLine(marked, columns).map((s) => ({ ...s, inverse: true }));
  });
  if (!data)
    body.push([
      seg(state.error ? t.start.openFailed(state.error) : t.start.loading, {
        dim: !state.error,
        tone: state.error ? 'bad' : undefined,
      }),
    ]);
  const message: Line = props.message ? [seg(props.message, { tone: 'bad', bold: true })] : [];
  const footer = buildFooter({
    places: help.open ? ['dialog:help'] : ['start', 'global'],
    applies: (action) => action !== 'newRun' || (!!row && row.kind !== 'section' && row.kind !== 'more'),
    readOnly: false,
    t,
    width: columns,
  });
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <LinesBox lines={title} width={columns} height={title.length} theme={theme} />
      <LinesBox
        lines={help.open ? helpBody(START_HELP, t, columns, bodyHeight, help.scroll) : body}
        width={columns}
        height={bodyHeight}
        theme={theme}
      />
      <LinesBox lines={[message]} width={columns} height={1} theme={theme} />
      <LinesBox lines={[footer]} width={columns} height={1} theme={theme} />
    </Box>
  );
}

// The cockpit's root: one key router, the help overlay, the terminal size, and the flow between
// screens (start → new run form → opening → variables still needed → resume summary → main).
// Flow only routes: each screen and form is its own component with its own state.
import { Box, Text } from 'ink';
import { type ReactElement, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Session } from '../session/types.js';
import { LinesBox } from './components/lines.js';
import { type UiEnv, UiEnvContext, useUiEnv } from './env.js';
import { afterVariables, type Screen } from './flow/screens.js';
import { useRunOpening } from './flow/use-run-opening.js';
import { HelpProvider, useHelp } from './help.js';
import { useOnTerminal } from './hooks/use-on-terminal.js';
import { type Size, useTerminalSize } from './hooks/use-terminal-size.js';
import { actionFor } from './keys.js';
import { helpBody } from './model/keys-view.js';
import { tooSmall } from './model/layout.js';
import { KeyRouter, useKeyHold, useKeys } from './router.js';
import { type MainMemory, MainScreen } from './screens/main-screen.js';
import { NewRunForm } from './screens/new-run-form.js';
import { ResumeScreen } from './screens/resume-screen.js';
import { StartScreen } from './screens/start-screen.js';
import { TooSmall } from './screens/too-small.js';
import { VariablesForm } from './screens/variables-form.js';
import type { CockpitServices, StartTarget } from './services.js';

export interface CockpitProps {
  services: CockpitServices;
  target: StartTarget;
  env: UiEnv;
  /** Fixed size (tests); otherwise stdout's, following resizes. */
  size?: Size;
  /** The operator leaves; `session` is open when they leave from a run. */
  onExit: (session: Session | null) => void;
}

function Flow({ services, target, size, onExit }: Omit<CockpitProps, 'env'>): ReactElement {
  const { t, frames } = useUiEnv();
  const { columns, rows } = useTerminalSize(size);
  const [screen, setScreen] = useState<Screen>(() =>
    target.kind === 'run'
      ? { kind: 'opening', run: target.run }
      : { kind: 'start', only: null, message: null },
  );
  // The main screen's selection and scroll survive its unmount while the terminal is too small.
  const mainMemory = useRef<MainMemory | null>(null);
  // Keys typed while the next screen loads are kept for it (a run opening, a plan or the new-run
  // form loading), never half delivered to the screen that goes away.
  const hold = useKeyHold();
  useLayoutEffect(() => {
    hold(screen.kind === 'opening');
  }, [screen, hold]);
  const variables = target.kind === 'start' ? {} : target.variables;
  const watch = target.kind !== 'start' && target.watch;
  const { open, takeLock, current } = useRunOpening({
    services,
    t,
    hold,
    setScreen,
    variables,
    onOpened: () => {
      mainMemory.current = null;
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once for the initial target
  useEffect(() => {
    if (target.kind === 'run') {
      open({ planPath: target.planPath, run: target.run, variables, watch }, { kind: 'failed', message: '' });
    } else if (target.kind === 'plan') {
      hold(true);
      services.loadPlan(target.planPath).then(
        (entry) =>
          setScreen(
            entry.plan
              ? { kind: 'start', only: entry, message: null }
              : { kind: 'failed', message: entry.error ?? target.planPath },
          ),
        (error: unknown) =>
          setScreen({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
    }
  }, []);

  // Once the run is on the terminal, the session starts what that frame did not need.
  const shown = 'session' in screen ? screen.session : null;
  useOnTerminal(shown, frames, () => shown?.firstFrameShown?.());

  const leave = () => onExit(current.current);
  useKeys('global', (name) => {
    const action = actionFor(['global'], name);
    if (action !== 'quit' && action !== 'ctrlC') return false;
    leave();
    return true;
  });

  if (tooSmall(columns, rows)) return <TooSmall columns={columns} rows={rows} />;

  switch (screen.kind) {
    case 'start':
      return (
        <StartScreen
          key={screen.only?.path ?? ''}
          services={services}
          only={screen.only}
          columns={columns}
          rows={rows}
          message={screen.message}
          onOpenPlan={(plan) => setScreen({ kind: 'start', only: plan, message: null })}
          onOpenRun={(run, plan) =>
            open(
              { planPath: run.planPath ?? plan?.path ?? '', run: run.run, variables, watch },
              { ...screen, message: null },
            )
          }
          onNewRun={(plan, existing) => {
            hold(true);
            void import('../plan/variables.js').then(
              (checks) => setScreen({ kind: 'new', plan, existing, only: screen.only, checks }),
              () => hold(false),
            );
          }}
        />
      );
    case 'new':
      return (
        <NewRunForm
          entry={screen.plan}
          existing={screen.existing}
          given={variables}
          checks={screen.checks}
          columns={columns}
          rows={rows}
          onCancel={() => setScreen({ kind: 'start', only: screen.only, message: null })}
          onDone={(run, given) =>
            open(
              { planPath: screen.plan.path, run, variables: given, watch: false },
              { kind: 'start', only: screen.only, message: null },
            )
          }
        />
      );
    case 'missing':
      return (
        <VariablesForm
          session={screen.session}
          columns={columns}
          rows={rows}
          onNext={() => setScreen(afterVariables(screen.session))}
        />
      );
    case 'opening':
    case 'failed':
      return <Waiting screen={screen} columns={columns} rows={rows} />;
    case 'resume':
      return (
        <ResumeScreen
          session={screen.session}
          columns={columns}
          rows={rows}
          onContinue={() => setScreen({ kind: 'main', session: screen.session })}
          onTakeLock={() => takeLock(screen.session)}
        />
      );
    case 'main':
      return (
        <MainScreen
          session={screen.session}
          columns={columns}
          rows={rows}
          onLeave={leave}
          onTakeLock={() => takeLock(screen.session)}
          memory={mainMemory}
        />
      );
  }
}

/** A run opening, or why it could not: a line, and the help over it on `?`. */
function Waiting({
  screen,
  columns,
  rows,
}: {
  screen: Extract<Screen, { kind: 'opening' | 'failed' }>;
  columns: number;
  rows: number;
}): ReactElement {
  const { t, theme } = useUiEnv();
  const help = useHelp();
  if (help.open) {
    const lines = helpBody(['global', 'dialog:help'], t, columns, rows - 1, help.scroll);
    return <LinesBox lines={lines} width={columns} height={rows - 1} theme={theme} />;
  }
  if (screen.kind === 'opening') {
    return (
      <Box height={rows - 1}>
        <Text dimColor>{t.start.opening(screen.run)}</Text>
      </Box>
    );
  }
  return (
    <Box height={rows - 1} flexDirection="column">
      <Text color={theme.tone('bad')} bold>
        {screen.message}
      </Text>
      <Text dimColor>q</Text>
    </Box>
  );
}

export function CockpitApp({ env, ...props }: CockpitProps): ReactElement {
  return (
    <UiEnvContext.Provider value={env}>
      <KeyRouter>
        <HelpProvider>
          <Flow {...props} />
        </HelpProvider>
      </KeyRouter>
    </UiEnvContext.Provider>
  );
}

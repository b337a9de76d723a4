// The cockpit's root: one key router, the help overlay, the terminal size, and the flow between
// screens (start → new run form → opening → variables still needed → resume summary → main).
// Flow only routes: each screen and form is its own component with its own state.
import { Box, Text } from 'ink';
import { type ReactElement, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Session } from '../session/types.js';
import { LinesBox } from './components/lines.js';
import { type UiEnv, UiEnvContext, useUiEnv } from './env.js';
import { HelpProvider, useHelp } from './help.js';
import { useOnTerminal } from './hooks/use-on-terminal.js';
import { type Size, useTerminalSize } from './hooks/use-terminal-size.js';
import { actionFor } from './keys.js';
import { helpBody } from './model/keys-view.js';
import { tooSmall } from './model/layout.js';
import { KeyRouter, useKeyHold, useKeys } from './router.js';
import { type MainMemory, MainScreen } from './screens/main-screen.js';
import { NewRunForm, type VariableChecks } from './screens/new-run-form.js';
import { ResumeScreen } from './screens/resume-screen.js';
import { StartScreen } from './screens/start-screen.js';
import { TooSmall } from './screens/too-small.js';
import { VariablesForm } from './screens/variables-form.js';
import type { CockpitServices, OpenRequest, PlanEntry, StartTarget } from './services.js';

export interface CockpitProps {
  services: CockpitServices;
  target: StartTarget;
  env: UiEnv;
  /** Fixed size (tests); otherwise stdout's, following resizes. */
  size?: Size;
  /** The operator leaves; `session` is open when they leave from a run. */
  onExit: (session: Session | null) => void;
}

type Screen =
  | { kind: 'start'; only: PlanEntry | null; message: string | null }
  | { kind: 'new'; plan: PlanEntry; existing: string[]; only: PlanEntry | null; checks: VariableChecks }
  | { kind: 'opening'; run: string }
  | { kind: 'missing'; session: Session }
  | { kind: 'resume'; session: Session }
  | { kind: 'main'; session: Session }
  | { kind: 'failed'; message: string };

function hasNews(session: Session): boolean {
  const { resume, warnings } = session.view();
  if (warnings.length) return true;
  if (!resume) return false;
  return !!(
    resume.finished.length ||
    resume.running.length ||
    resume.unknown.length ||
    resume.otherEvents ||
    resume.planChanged
  );
}

function afterOpen(session: Session): Screen {
  const view = session.view();
  if (view.mode === 'writer' && view.missingVariables?.length) return { kind: 'missing', session };
  return hasNews(session) ? { kind: 'resume', session } : { kind: 'main', session };
}

function Flow({ services, target, size, onExit }: Omit<CockpitProps, 'env'>): ReactElement {
  const { t, theme, frames } = useUiEnv();
  const help = useHelp();
  const { columns, rows } = useTerminalSize(size);
  const [screen, setScreen] = useState<Screen>(() =>
    target.kind === 'run'
      ? { kind: 'opening', run: target.run }
      : { kind: 'start', only: null, message: null },
  );
  const sessionRef = useRef<Session | null>(null);
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

  const open = (request: OpenRequest, back: Screen) => {
    hold(true);
    // Already showing it (the first screen of `release-cockpit PLAN --run NAME`): no render, so
    // ink's frame throttle (30 a second) does not hold back the run's first frame.
    setScreen((current) =>
      current.kind === 'opening' && current.run === request.run
        ? current
        : { kind: 'opening', run: request.run },
    );
    services.openSession(request).then(
      (session) => {
        sessionRef.current = session;
        mainMemory.current = null;
        setScreen(afterOpen(session));
      },
      (error: unknown) => {
        const message = t.start.openFailed(
          error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
        );
        setScreen(back.kind === 'start' ? { ...back, message } : { kind: 'failed', message });
      },
    );
  };

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

  const leave = () => onExit(sessionRef.current);
  // The watch closes (it never wrote), then the run opens as if asked anew: the lock is taken
  // (a dead holder's taken over, journaled) or, if someone was quicker, it is a watch again.
  const takeLock = (session: Session) => {
    const { planPath, state } = session.view();
    hold(true);
    sessionRef.current = null;
    void session
      .close()
      .catch(() => undefined)
      .then(() =>
        open({ planPath, run: state.run, variables, watch: false }, { kind: 'failed', message: '' }),
      );
  };
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
          onNext={() =>
            setScreen(
              hasNews(screen.session)
                ? { kind: 'resume', session: screen.session }
                : { kind: 'main', session: screen.session },
            )
          }
        />
      );
    case 'opening':
    case 'failed':
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

// The cockpit's root: one key router, the terminal size, and the flow between screens
// (start → new run form → opening → variables still needed → resume summary → main).
import { Box, Text } from 'ink';
import { type ReactElement, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { RUN_NAME_PATTERN } from '../journal/paths.js';
import type { Session } from '../session/types.js';
import { type UiEnv, UiEnvContext, useUiEnv } from './env.js';
import { type Size, useTerminalSize } from './hooks/use-terminal-size.js';
import { tooSmall } from './model/layout.js';
import { fillTemplate, shownValues } from './model/template.js';
import { KeyRouter, useKeyHold, useKeys } from './router.js';
import { type FormField, FormScreen } from './screens/form-screen.js';
import { type MainMemory, MainScreen } from './screens/main-screen.js';
import { ResumeScreen } from './screens/resume-screen.js';
import { StartScreen } from './screens/start-screen.js';
import { TooSmall } from './screens/too-small.js';
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

/** Loaded when a new run is started (it pulls in the plan schema, which the first frame avoids). */
type VariableChecks = Pick<typeof import('../plan/variables.js'), 'checkValue' | 'laterSetVariables'>;

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
  const { t, theme } = useUiEnv();
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
    setScreen({ kind: 'opening', run: request.run });
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
    if (name !== 'q' && name !== 'C-c') return false;
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
    case 'new': {
      const plan = screen.plan.plan;
      if (!plan) return <Text>{screen.plan.error}</Text>;
      const { checkValue, laterSetVariables } = screen.checks;
      const later = laterSetVariables(plan);
      const names = Object.keys(plan.variables).filter(
        (name) => variables[name] === undefined && !later.has(name),
      );
      const fields: FormField[] = [
        {
          label: t.header.run,
          description: t.newRun.name,
          hint: null,
          initial: '',
          mask: false,
          validate: (value) =>
            !RUN_NAME_PATTERN.test(value)
              ? t.newRun.badName
              : screen.existing.includes(value)
                ? t.newRun.exists
                : null,
        },
        ...names.map((name, i): FormField => {
          const def = plan.variables[name];
          const notes = [
            def?.example && !def.secret ? t.newRun.example(def.example) : null,
            def?.secret ? t.newRun.secret : null,
            def?.required === false ? t.newRun.optional : null,
          ].filter(Boolean);
          return {
            label: t.newRun.variable(i + 1, names.length, name),
            description: def?.description ?? name,
            hint: notes.length ? notes.join(' · ') : null,
            initial: def?.default ?? '',
            mask: !!def?.secret,
            validate: (value) =>
              !def || (value === '' && !def.required) ? null : checkValue(name, def, value),
          };
        }),
      ];
      return (
        <FormScreen
          title={t.newRun.title(plan.title)}
          fields={fields}
          columns={columns}
          rows={rows}
          onCancel={() => setScreen({ kind: 'start', only: screen.only, message: null })}
          onDone={([run = '', ...values]) => {
            const given: Record<string, string> = { ...variables };
            names.forEach((name, i) => {
              if (values[i] !== undefined && values[i] !== '') given[name] = values[i] as string;
            });
            open(
              { planPath: screen.plan.path, run, variables: given, watch: false },
              { kind: 'start', only: screen.only, message: null },
            );
          }}
        />
      );
    }
    case 'missing': {
      const session = screen.session;
      const view = session.view();
      const names = view.missingVariables ?? [];
      // The run's known values fill the descriptions' {{NAME}}s (secrets masked), as on the main screen.
      const known = shownValues(view.plan, view.state.variables);
      const fields = names.map((name, i): FormField => {
        const def = view.plan.variables[name];
        return {
          label: t.newRun.variable(i + 1, names.length, name),
          description: def ? fillTemplate(def.description, known) : name,
          hint: def?.secret ? t.newRun.secret : def?.example ? t.newRun.example(def.example) : null,
          initial: '',
          mask: !!def?.secret,
          validate: (value) => session.validateVariable(name, value),
        };
      });
      return (
        <FormScreen
          title={view.plan.title}
          fields={fields}
          columns={columns}
          rows={rows}
          onCancel={() =>
            setScreen(hasNews(session) ? { kind: 'resume', session } : { kind: 'main', session })
          }
          onDone={async (values) => {
            for (const [i, name] of names.entries()) {
              const error = await session.setVariable(name, values[i] ?? '');
              if (error) throw new Error(error);
            }
            setScreen(hasNews(session) ? { kind: 'resume', session } : { kind: 'main', session });
          }}
        />
      );
    }
    case 'opening':
      return (
        <Box height={rows - 1}>
          <Text dimColor>{t.start.opening(screen.run)}</Text>
        </Box>
      );
    case 'failed':
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
        <Flow {...props} />
      </KeyRouter>
    </UiEnvContext.Provider>
  );
}

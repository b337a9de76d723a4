// `release-cockpit [PLAN] [--run NAME] [--var NAME=VALUE]... [--watch]`: the interactive
// cockpit. No PLAN: the start screen over ./plans and the state directory; PLAN without --run:
// a choice of its runs and "new run". Needs a terminal; scripts use status / run --headless.
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { wantCodeCache } from '../sys/code-cache.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE = 'release-cockpit [PLAN] [--run NAME] [--var NAME=VALUE]... [--watch]';

const command: Command = async (ctx) => {
  const { values: options, positionals } = parseCommandArgs(
    ctx.args,
    { run: { type: 'string' }, var: { type: 'string', multiple: true }, watch: { type: 'boolean' } },
    USAGE,
  );
  const [planPath, ...extra] = positionals;
  if (extra.length > 0) throw new UserError(`expected at most one PLAN\nusage: ${USAGE}`);
  if (options.run && !planPath) throw new UserError(`--run needs a PLAN\nusage: ${USAGE}`);
  if (!ctx.stdout.isTTY || !process.stdin.isTTY) {
    ctx.stderr.write(
      'release-cockpit: the cockpit needs a terminal (stdin and stdout must be a TTY); for scripts use status, report or run --headless\n',
    );
    return EXIT.badInput;
  }
  // The code cache this process leaves at exit is the one the next cockpit starts from.
  wantCodeCache('cockpit');
  // React's development build is several times slower per frame; the cockpit is not a dev tool.
  process.env.NODE_ENV ??= 'production';
  // ink draws only the last frame when it believes it runs in CI (is-in-ci reads CI when ink is
  // imported, just below). A cockpit on a terminal is never a CI log: always draw live.
  process.env.CI = 'false';
  process.env.CONTINUOUS_INTEGRATION = 'false';
  // Checked here (one line, exit 2) but loaded only when given: it pulls in the plan schema.
  const variables = options.var?.length
    ? (await import('../plan/variables.js')).parseVarArgs(options.var)
    : {};
  const i18n = await import('../ui/i18n/index.js');
  const lang = i18n.pickLang(ctx.global.lang, process.env);
  const t = i18n.strings(lang);
  // The words of the cockpit's opening screen, at once: ink alone takes half a second or more
  // to load on a slow bastion, and a blank terminal after Enter looks like a hung SSH link.
  // ink's first frame draws over this line (ui/main.tsx).
  ctx.stdout.write(`\x1b[2m${options.run ? t.start.opening(options.run) : t.start.loading}\x1b[22m`);
  let erase = true;
  try {
    const [{ resolveStateDir }, { currentOperator }, ui, theme, real] = await Promise.all([
      import('../journal/statedir.js'),
      import('../journal/operator.js'),
      import('../ui/main.js'),
      import('../ui/theme.js'),
      import('./cockpit-services.js'),
    ]);
    const stateDir = resolveStateDir(ctx.global.stateDir);
    const operator = currentOperator(ctx.global.operator);
    erase = false; // From here ink owns the terminal (and clears the line first).
    return await cockpit(ctx, {
      ui,
      t,
      lang,
      theme,
      real,
      stateDir,
      operator,
      planPath,
      run: options.run,
      variables,
      watch: options.watch ?? false,
    });
  } finally {
    if (erase) ctx.stdout.write('\r\x1b[2K');
  }
};
export default command;

interface Loaded {
  ui: typeof import('../ui/main.js');
  t: import('../ui/i18n/index.js').Strings;
  lang: import('../ui/i18n/index.js').Lang;
  theme: typeof import('../ui/theme.js');
  real: typeof import('./cockpit-services.js');
  stateDir: string;
  operator: import('../journal/events.js').Operator;
  planPath: string | undefined;
  run: string | undefined;
  variables: Record<string, string>;
  watch: boolean;
}

async function cockpit(ctx: Parameters<Command>[0], loaded: Loaded): Promise<number> {
  const { ui, t, lang, theme, real, stateDir, operator, planPath, variables, watch } = loaded;
  const outcome = await ui.runCockpit({
    services: real.realServices({ plansDir: path.resolve('plans'), stateDir, operator }),
    target: !planPath
      ? { kind: 'start' }
      : loaded.run
        ? { kind: 'run', planPath, run: loaded.run, variables, watch }
        : { kind: 'plan', planPath, variables, watch },
    env: {
      lang,
      t,
      theme: theme.createTheme(theme.colorFromEnv(process.env)),
      now: () => new Date(),
      tickMs: 1000,
    },
    stdin: process.stdin,
    stdout: ctx.stdout,
    stderr: ctx.stderr,
  });
  if (outcome.hangup) return EXIT.ok;
  for (const warning of outcome.warnings) ctx.stderr.write(`release-cockpit: ${warning}\n`);
  if (outcome.running.length > 0) {
    ctx.stdout.write(`${t.leave.running(outcome.running.length, outcome.running.join(', '))}\n`);
    if (outcome.planPath && outcome.run) {
      const plan = path.relative(process.cwd(), outcome.planPath) || outcome.planPath;
      const stateDir = ctx.global.stateDir ? ` --state-dir ${ctx.global.stateDir}` : '';
      const command = `${invokedAs(process.argv[1], process.cwd())}${stateDir} ${plan} --run ${outcome.run}`;
      ctx.stdout.write(`${t.leave.reopen(command)}\n`);
    }
  }
  return EXIT.ok;
}

/**
 * The command as the operator can type it again: `release-cockpit` when run by that name (a
 * link on PATH), else `node dist/cli.js` as started (from the checkout, before `npm link`).
 */
export function invokedAs(script: string | undefined, cwd: string): string {
  if (!script || path.basename(script) === 'release-cockpit') return 'release-cockpit';
  return `node ${path.relative(cwd, script) || script}`;
}

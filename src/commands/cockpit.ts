// `release-cockpit [PLAN] [--run NAME] [--var NAME=VALUE]... [--watch]`: the interactive
// cockpit. No PLAN: the start screen over ./plans and the state directory; PLAN without --run:
// a choice of its runs and "new run". Needs a terminal; scripts use status / run --headless.
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
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
  // React's development build is several times slower per frame; the cockpit is not a dev tool.
  process.env.NODE_ENV ??= 'production';
  // ink draws only the last frame when it believes it runs in CI (is-in-ci reads CI when ink is
  // imported, just below). A cockpit on a terminal is never a CI log: always draw live.
  process.env.CI = 'false';
  process.env.CONTINUOUS_INTEGRATION = 'false';
  // Only what the first frame needs loads before it; the rest loads behind it.
  const [{ resolveStateDir }, { currentOperator }, ui, i18n, theme, real] = await Promise.all([
    import('../journal/statedir.js'),
    import('../journal/operator.js'),
    import('../ui/main.js'),
    import('../ui/i18n/index.js'),
    import('../ui/theme.js'),
    import('../ui/services-real.js'),
  ]);
  // Checked here (one line, exit 2) but loaded only when given: it pulls in the plan schema.
  const variables = options.var?.length
    ? (await import('../plan/variables.js')).parseVarArgs(options.var)
    : {};
  const stateDir = resolveStateDir(ctx.global.stateDir);
  const operator = currentOperator(ctx.global.operator);
  const lang = i18n.pickLang(ctx.global.lang, process.env);
  const t = i18n.strings(lang);
  const watch = options.watch ?? false;
  const outcome = await ui.runCockpit({
    services: real.realServices({ plansDir: path.resolve('plans'), stateDir, operator }),
    target: !planPath
      ? { kind: 'start' }
      : options.run
        ? { kind: 'run', planPath, run: options.run, variables, watch }
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
      ctx.stdout.write(`${t.leave.reopen(`release-cockpit ${plan} --run ${outcome.run}`)}\n`);
    }
  }
  return EXIT.ok;
};
export default command;

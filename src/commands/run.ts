// `release-cockpit run PLAN --run NAME --headless [--answers FILE] [--vars FILE] [--var NAME=VALUE]... [--dry-run]`
// Headless: drive the automatic steps from where the run stands until a step needs a person or
// the plan ends, one plain line per journal event; with an answers file, also the decisions it
// gives (confirm words, checklist ticks, prompt values, the rollback). Dry run: print every command exactly as it
// would run and touch nothing. The same journal as the cockpit, so a release moves freely
// between the two.

import { EXIT, UserError } from '../errors.js';
import { loadJournal } from '../journal/journal.js';
import { currentOperator } from '../journal/operator.js';
import { journalPath } from '../journal/paths.js';
import { reduce } from '../journal/reducer.js';
import { runDirFor, runExists } from '../journal/runs.js';
import { resolveStateDir } from '../journal/statedir.js';
import { loadPlanFile } from '../plan/load.js';
import { parseVarArgs } from '../plan/variables.js';
import { loadVarsFile } from '../plan/vars-file.js';
import { loadAnswers } from '../session/answers.js';
import { dryRunText } from '../session/dry-run.js';
import { eventLine } from '../session/event-line.js';
import { gatherGiven, runValues } from '../session/given.js';
import { driveHeadless } from '../session/headless.js';
import { openRunSession } from '../session/open.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE =
  'release-cockpit run PLAN --run NAME --headless [--answers FILE] [--vars FILE] [--var NAME=VALUE]... [--dry-run]';

const command: Command = async (ctx) => {
  const { values: options, positionals } = parseCommandArgs(
    ctx.args,
    {
      run: { type: 'string' },
      headless: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      answers: { type: 'string' },
      vars: { type: 'string' },
      var: { type: 'string', multiple: true },
    },
    USAGE,
  );
  const [planPath, ...extra] = positionals;
  if (!planPath || extra.length > 0) throw new UserError(`expected one PLAN\nusage: ${USAGE}`);
  if (!options.run) throw new UserError(`--run NAME is required\nusage: ${USAGE}`);
  if (!options.headless && !options['dry-run']) {
    throw new UserError(
      `"run" is the unattended mode and needs --headless (or --dry-run); to work interactively open the cockpit: release-cockpit ${planPath} --run ${options.run}`,
    );
  }
  const fromArgs = parseVarArgs(options.var ?? []);
  const stateDir = resolveStateDir(ctx.global.stateDir);
  // The files are checked against the plan before anything is opened or run; --var wins over
  // the variables file.
  const plan = options.answers || options.vars ? (await loadPlanFile(planPath)).plan : null;
  const given = { ...(plan && options.vars ? loadVarsFile(options.vars, plan) : {}), ...fromArgs };
  if (options['dry-run']) return dryRun(ctx.stdout, planPath, options.run, stateDir, given);
  const answers = plan && options.answers ? loadAnswers(options.answers, plan) : null;
  const say = (line: string) => ctx.stdout.write(`${line}\n`);
  const session = await openRunSession({
    planPath,
    run: options.run,
    stateDir,
    operator: currentOperator(ctx.global.operator),
    variables: given,
    requireVariables: true,
    onEvent: (record) => say(eventLine(record)),
  });
  let code: number = EXIT.failure;
  try {
    const view = session.view();
    if (view.mode === 'watch') {
      const lock = view.lock;
      ctx.stderr.write(
        `release-cockpit: run "${options.run}" is locked by ${
          lock
            ? `${lock.user}@${lock.host} (pid ${lock.pid}) since ${lock.since}, lock id ${lock.lockId}`
            : 'someone'
        }\n`,
      );
      return EXIT.locked;
    }
    const how = session.created ? 'created' : `resumed after event ${view.state.lastSeq}`;
    say(`run ${options.run} of plan ${view.plan.id}: ${how}`);
    for (const warning of view.warnings) say(`warning: ${warning}`);
    // Ctrl-C / TERM: leave cleanly (lock released); detached steps keep running and the next
    // run or cockpit reattaches them. A hangup (SIGHUP) needs no handler: steps survive it.
    const leave = (signal: NodeJS.Signals) => {
      say(`interrupted (${signal}): running steps keep running; run again to pick them up`);
      void session.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.once('SIGINT', leave);
    process.once('SIGTERM', leave);
    try {
      code = await driveHeadless(session, say, answers);
    } finally {
      process.off('SIGINT', leave);
      process.off('SIGTERM', leave);
    }
    return code;
  } finally {
    await session.close();
  }
};

async function dryRun(
  out: NodeJS.WriteStream,
  planPath: string,
  run: string,
  stateDir: string,
  cli: Record<string, string>,
): Promise<number> {
  const { plan } = await loadPlanFile(planPath);
  const gathered = gatherGiven(plan, cli, process.env);
  const state = runExists(stateDir, plan.id, run)
    ? reduce(loadJournal(journalPath(runDirFor(stateDir, plan.id, run)), { repair: false }).records)
    : null;
  const values = runValues(plan, gathered, state?.variables ?? null);
  out.write(dryRunText(plan, values, state));
  return EXIT.ok;
}

export default command;

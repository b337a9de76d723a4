// `release-cockpit mark PLAN --run NAME STEP (--done|--skip|--failed) [--note TEXT]`: record an
// operator decision from a script or a second terminal. Takes the run's lock only for the
// moment it writes; a live holder elsewhere means exit 4 with who holds it.
import { EXIT, UserError } from '../errors.js';
import { describeHolder } from '../journal/lock.js';
import { currentOperator } from '../journal/operator.js';
import { observeRunning } from '../journal/read-run.js';
import { openRun } from '../journal/run-open.js';
import { resolveStateDir } from '../journal/statedir.js';
import { loadPlanFile } from '../plan/load.js';
import { findStep, listSteps } from '../plan/outline.js';
import { didYouMean } from '../plan/suggest.js';
import { passRefusal, roleHolders } from '../team/signoff.js';
import { loadTeam } from '../team/team-file.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE = 'release-cockpit mark PLAN --run NAME STEP (--done|--skip|--failed) [--note TEXT]';

type Decision = 'done' | 'skip' | 'failed';

const command: Command = async (ctx) => {
  const { values, positionals } = parseCommandArgs(
    ctx.args,
    {
      run: { type: 'string' },
      done: { type: 'boolean' },
      skip: { type: 'boolean' },
      failed: { type: 'boolean' },
      note: { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length !== 2) throw new UserError(`mark needs a plan file and a step id\nusage: ${USAGE}`);
  if (!values.run) throw new UserError(`mark needs --run NAME\nusage: ${USAGE}`);
  const decisions = (['done', 'skip', 'failed'] as const).filter((name) => values[name]);
  if (decisions.length !== 1)
    throw new UserError(`mark needs exactly one of --done, --skip, --failed\nusage: ${USAGE}`);
  const decision = decisions[0] as Decision;
  const note = values.note?.trim() || undefined;
  if (decision === 'skip' && !note)
    throw new UserError('--skip needs the reason: --note "why it is skipped"');
  const [planFile, stepId] = positionals as [string, string];
  const loaded = await loadPlanFile(planFile);
  if (!findStep(loaded.plan, stepId)) {
    const known = listSteps(loaded.plan).map((ref) => ref.step.id);
    throw new UserError(
      `${loaded.path}: no step "${stepId}" in plan ${loaded.plan.id}${didYouMean(stepId, known)}`,
    );
  }
  const stateDir = resolveStateDir(ctx.global.stateDir);
  const store = openRun({
    stateDir,
    loaded,
    run: values.run,
    operator: currentOperator(ctx.global.operator),
    mode: 'write',
    journalLock: false,
  });
  try {
    if (store.mode !== 'writer') {
      const holder = store.lockHolder;
      throw new UserError(
        holder ? `run ${values.run} is locked by ${describeHolder(holder)}` : `run ${values.run} is locked`,
        EXIT.locked,
      );
    }
    for (const warning of store.warnings) ctx.stderr.write(`release-cockpit: warning: ${warning}\n`);
    const step = store.state.steps[stepId];
    const seen = observeRunning(store.state, store.dir).state.steps[stepId];
    if (step?.status === 'running' && seen?.status === 'running') {
      const attempt = step.attempts.at(-1);
      throw new UserError(
        `step ${stepId} is still running (attempt ${attempt?.attempt}, pid ${attempt?.pid}); wait for it or cancel it in the cockpit`,
      );
    }
    // A pending sign-off is the first thing to say: a --note would not get past it either.
    if (decision !== 'failed') {
      const holders = roleHolders(loaded.plan, loadTeam(stateDir), store.state.variables);
      const refusal = passRefusal(loaded.plan, store.state, holders, { kind: 'step', stepId });
      if (refusal) throw new UserError(refusal);
    }
    // A command done by hand is a different fact from a command that ran: the journal says what.
    const definition = findStep(loaded.plan, stepId)?.step;
    if (
      decision === 'done' &&
      !note &&
      definition?.kind === 'command' &&
      (step?.attempts.length ?? 0) === 0
    ) {
      throw new UserError(
        `step ${stepId} is a command that never ran: marking it done records that it was done by hand; say what was done with --note "…"`,
      );
    }
    const record =
      decision === 'done'
        ? store.event('step.done', note ? { note } : {}, stepId)
        : decision === 'skip'
          ? store.event('step.skipped', { reason: note as string }, stepId)
          : store.event('step.markedFailed', note ? { note } : {}, stepId);
    const word = { done: 'done', skip: 'skipped', failed: 'failed' }[decision];
    ctx.stdout.write(`${stepId}: marked ${word} in run ${values.run} (journal seq ${record.seq})\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
};
export default command;

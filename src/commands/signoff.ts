// `release-cockpit signoff PLAN --run NAME (STEP | --rollback) [--role ROLE] [--note TEXT]`:
// give a sign-off by role from your own terminal, as your Unix login (the uid of this process;
// --operator does not change it). The journal keeps one writer, so this never appends to it
// while someone holds the run: it drops a record in the run's inbox, and the writer's session
// journals it within a second. When nobody holds the run, it journals the record itself.
import fs from 'node:fs';
import { EXIT, UserError } from '../errors.js';
import { loadJournal } from '../journal/journal.js';
import { currentOperator } from '../journal/operator.js';
import { journalPath } from '../journal/paths.js';
import { readRun } from '../journal/read-run.js';
import { openRun } from '../journal/run-open.js';
import { resolveStateDir } from '../journal/statedir.js';
import { loadPlanFile } from '../plan/load.js';
import { findStep, listSteps } from '../plan/outline.js';
import { didYouMean } from '../plan/suggest.js';
import { processLogin } from '../team/identity.js';
import { dropRecord } from '../team/inbox.js';
import { ingestInbox } from '../team/ingest.js';
import {
  describeTarget,
  judgeSigner,
  requirementOf,
  roleHolders,
  type SignoffTarget,
  signoffStatus,
} from '../team/signoff.js';
import { loadTeam } from '../team/team-file.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE =
  'release-cockpit signoff PLAN --run NAME (STEP | --rollback) [--role ROLE] [--note TEXT] [--wait SECONDS]';

const command: Command = async (ctx) => {
  const { values, positionals } = parseCommandArgs(
    ctx.args,
    {
      run: { type: 'string' },
      rollback: { type: 'boolean' },
      role: { type: 'string' },
      note: { type: 'string' },
      wait: { type: 'string', default: '10' },
    },
    USAGE,
  );
  if (!values.run) throw new UserError(`signoff needs --run NAME\nusage: ${USAGE}`);
  const wanted = values.rollback ? 1 : 2;
  if (positionals.length !== wanted) {
    throw new UserError(`signoff needs a plan file and a step id (or --rollback)\nusage: ${USAGE}`);
  }
  const waitSeconds = Number(values.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > 600) {
    throw new UserError('--wait must be a number of seconds from 0 to 600');
  }
  const loaded = await loadPlanFile(positionals[0] as string);
  const target: SignoffTarget = values.rollback
    ? { kind: 'rollback' }
    : { kind: 'step', stepId: positionals[1] as string };
  if (target.kind === 'step' && !findStep(loaded.plan, target.stepId)) {
    const known = listSteps(loaded.plan).map((ref) => ref.step.id);
    throw new UserError(
      `${loaded.path}: no step "${target.stepId}" in plan ${loaded.plan.id}${didYouMean(target.stepId, known)}`,
    );
  }
  if (!requirementOf(loaded.plan, target)) {
    throw new UserError(
      `${describeTarget(target)} of plan ${loaded.plan.id} needs no sign-off (no signoff: in the plan)`,
    );
  }
  const stateDir = resolveStateDir(ctx.global.stateDir);
  const me = processLogin();
  const view = readRun({ stateDir, loaded, run: values.run });
  const team = loadTeam(stateDir);
  const holders = roleHolders(loaded.plan, team, view.state.variables);
  const judged = judgeSigner(
    signoffStatus(loaded.plan, view.state, holders, target),
    me.login,
    holders,
    values.role,
  );
  if (!judged.ok) throw new UserError(`cannot sign ${describeTarget(target)} off: ${judged.reason}`);
  const note = values.note?.trim() || undefined;
  const record = dropRecord(view.dir, me, target, {
    ...(values.role ? { role: values.role } : {}),
    ...(note ? { note } : {}),
  });
  const what = `${describeTarget(target)} of run ${values.run}`;

  // Nobody holds the run: journal it now, as `mark` does (the lock only for this moment).
  const store = openRun({
    stateDir,
    loaded,
    run: values.run,
    operator: currentOperator(ctx.global.operator),
    mode: 'write',
    journalLock: false,
  });
  if (store.mode === 'writer') {
    try {
      await ingestInbox(
        {
          plan: loaded.plan,
          state: () => store.state,
          holders: () => roleHolders(loaded.plan, team, store.state.variables),
          append: (event) => store.append(event),
        },
        store.dir,
      );
    } finally {
      store.close();
    }
    return outcome(ctx, what, view.dir, record.id, me.login, null);
  }
  const holder = store.lockHolder;
  store.close();
  // Someone's session holds the run: it journals the record and removes it from the inbox.
  const deadline = Date.now() + waitSeconds * 1000;
  while (fs.existsSync(record.file) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const by = holder ? `${holder.user}@${holder.host} (pid ${holder.pid})` : 'the writer';
  if (fs.existsSync(record.file)) {
    ctx.stdout.write(
      `${what}: sign-off by ${me.login} is waiting in the run's inbox; ${by} has not journaled it yet (it is journaled when their session looks, or when the run is next opened)\n`,
    );
    return EXIT.waiting;
  }
  return outcome(ctx, what, view.dir, record.id, me.login, by);
};
export default command;

/** What the journal says became of the record. */
function outcome(
  ctx: Parameters<Command>[0],
  what: string,
  runDir: string,
  id: string,
  login: string,
  by: string | null,
): number {
  const records = loadJournal(journalPath(runDir), { repair: false }).records;
  for (const record of records) {
    if (record.type === 'signoff.given' && record.data.requestId === id) {
      ctx.stdout.write(
        `${what}: signed off by ${login} as ${record.data.roles.join(', ')} (journal seq ${record.seq}${by ? `, by ${by}` : ''})\n`,
      );
      return EXIT.ok;
    }
    if (record.type === 'signoff.refused' && record.data.requestId === id) {
      throw new UserError(
        `${what}: the sign-off by ${login} was refused: ${record.data.reason} (journal seq ${record.seq})`,
      );
    }
  }
  throw new UserError(
    `${what}: the sign-off record was taken from the inbox but is not in the journal`,
    EXIT.failure,
  );
}

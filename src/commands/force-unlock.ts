// `release-cockpit force-unlock PLAN --run NAME LOCK_ID`: remove a lock that cannot be taken
// over automatically (holder on another host, another boot, or still alive). The id must match
// the lock (exit 2 otherwise) so an old id never removes a newer session's lock. Journaled.
import { EXIT, UserError } from '../errors.js';
import { describeHolder, forceUnlock, isHolderDead } from '../journal/lock.js';
import { currentOperator } from '../journal/operator.js';
import { openRun } from '../journal/run-open.js';
import { runDirFor, runExists } from '../journal/runs.js';
import { resolveStateDir } from '../journal/statedir.js';
import { loadPlanFile } from '../plan/load.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE = 'release-cockpit force-unlock PLAN --run NAME LOCK_ID';

const command: Command = async (ctx) => {
  const { values, positionals } = parseCommandArgs(ctx.args, { run: { type: 'string' } }, USAGE);
  if (positionals.length !== 2)
    throw new UserError(`force-unlock needs a plan file and the lock id\nusage: ${USAGE}`);
  if (!values.run) throw new UserError(`force-unlock needs --run NAME\nusage: ${USAGE}`);
  const [planFile, lockId] = positionals as [string, string];
  const loaded = await loadPlanFile(planFile);
  const stateDir = resolveStateDir(ctx.global.stateDir);
  if (!runExists(stateDir, loaded.plan.id, values.run)) {
    throw new UserError(`no run "${values.run}" of plan ${loaded.plan.id} in ${stateDir}`);
  }
  const removed = forceUnlock(runDirFor(stateDir, loaded.plan.id, values.run), lockId);
  const operator = currentOperator(ctx.global.operator);
  if (removed) {
    const alive = !isHolderDead(removed);
    ctx.stdout.write(`removed the lock of ${describeHolder(removed)}\n`);
    if (alive) {
      ctx.stderr.write(
        `release-cockpit: warning: its holder may still be running; it will refuse to write from now on\n`,
      );
    }
  } else ctx.stdout.write('removed an unreadable lock\n');
  // Journal who forced it (the lock is free now: take it for this one line).
  const store = openRun({ stateDir, loaded, run: values.run, operator, mode: 'write', journalLock: false });
  try {
    if (store.mode === 'writer') store.event('lock.forced', { lockId, by: operator.user });
  } finally {
    store.close();
  }
  return EXIT.ok;
};
export default command;

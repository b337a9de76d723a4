// `release-cockpit prune PLAN --run NAME`: once no step of the run is running, remove the
// directories its multi-host steps left on their hosts. What stays on the bastion (the run's
// journal, logs and attempts) is never touched. Each host's result goes to remote-pruned.json
// in the run directory (the report says what stays on hosts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { readRun } from '../journal/read-run.js';
import { resolveStateDir } from '../journal/statedir.js';
import { loadPlanFile } from '../plan/load.js';
import { pruneRemote, remoteRunDirs } from '../runner/prune.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE = 'release-cockpit prune PLAN --run NAME';

const command: Command = async (ctx) => {
  const { values, positionals } = parseCommandArgs(ctx.args, { run: { type: 'string' } }, USAGE);
  if (positionals.length !== 1) throw new UserError(`prune needs one plan file\nusage: ${USAGE}`);
  if (!values.run) throw new UserError(`prune needs --run NAME\nusage: ${USAGE}`);
  const loaded = await loadPlanFile(positionals[0] as string);
  const view = readRun({ stateDir: resolveStateDir(ctx.global.stateDir), loaded, run: values.run });
  const running = Object.values(view.state.steps).filter((step) => step.status === 'running');
  if (running.length > 0) {
    throw new UserError(
      `prune waits until no step runs: ${running.map((step) => step.id).join(', ')} still running`,
    );
  }
  const dirs = remoteRunDirs(view.dir);
  if (!dirs) {
    ctx.stdout.write('nothing to prune: this run ran nothing on hosts\n');
    return EXIT.ok;
  }
  const results = pruneRemote(dirs);
  writeFileSync(
    path.join(view.dir, 'remote-pruned.json'),
    `${JSON.stringify({ at: new Date().toISOString(), prefix: dirs.prefix, hosts: results }, null, 2)}\n`,
    { mode: 0o600 },
  );
  let failed = false;
  for (const [host, result] of Object.entries(results)) {
    ctx.stdout.write(`${host}: ${result}\n`);
    if (result !== 'pruned') failed = true;
  }
  return failed ? EXIT.failure : EXIT.ok;
};
export default command;

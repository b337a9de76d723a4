// `release-cockpit validate PLAN...`: every plan checked, one line per problem on stderr,
// one `FILE: ok (…)` line per good plan on stdout; exit 0 only when all are valid.
import { EXIT, ProblemsError, UserError } from '../errors.js';
import { loadPlanFile } from '../plan/load.js';
import type { Plan } from '../plan/schema.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE = 'release-cockpit validate PLAN...';

const command: Command = async (ctx) => {
  const { positionals } = parseCommandArgs(ctx.args, {}, USAGE);
  if (positionals.length === 0) throw new UserError(`validate needs at least one plan file\nusage: ${USAGE}`);
  let failed = false;
  for (const file of positionals) {
    try {
      const loaded = await loadPlanFile(file);
      ctx.stdout.write(`${file}: ok (${summary(loaded.plan)})\n`);
    } catch (error) {
      if (!(error instanceof ProblemsError)) throw error;
      failed = true;
      for (const line of error.lines) ctx.stderr.write(`${line}\n`);
    }
  }
  return failed ? EXIT.badInput : EXIT.ok;
};
export default command;

function summary(plan: Plan): string {
  const steps = plan.phases.reduce((count, phase) => count + phase.steps.length, 0);
  const parts = [plural(steps, 'step'), plural(plan.phases.length, 'phase')];
  if (plan.rollback) parts.push(plural(plan.rollback.steps.length, 'rollback step'));
  parts.push(plural(Object.keys(plan.variables).length, 'variable'));
  return parts.join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

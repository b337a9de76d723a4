// `release-cockpit schema`: print the plan JSON Schema (plans/plan.schema.json is its output).
import { EXIT } from '../errors.js';
import { planJsonSchemaText } from '../plan/json-schema.js';
import { type Command, parseCommandArgs } from './context.js';

const command: Command = async (ctx) => {
  const { positionals } = parseCommandArgs(ctx.args, {}, 'release-cockpit schema');
  if (positionals.length > 0) {
    ctx.stderr.write(`release-cockpit: schema takes no arguments\nusage: release-cockpit schema\n`);
    return EXIT.badInput;
  }
  ctx.stdout.write(planJsonSchemaText());
  return EXIT.ok;
};
export default command;

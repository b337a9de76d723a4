// A run's variables as a file (`--vars FILE`): one `NAME: value` per line, what a rehearsal or
// a team's staging needs instead of a long row of --var. Every value is read as the text
// written (`PYTHON_VERSION: 3.10` is "3.10", never the number 3.1) and checked against the plan
// where it stands: `vars.yaml:4:10: APP_DIR: the value "srv" does not match …`. A secret's value
// never sits in a file: it comes from RC_VAR_<NAME>, --var or the cockpit's prompt.
import fs from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { problemsError } from './load.js';
import type { Problem } from './positions.js';
import type { Plan } from './schema.js';
import { didYouMean } from './suggest.js';
import { validateVariableValue } from './variables.js';
import { parseYamlData } from './yaml-data.js';

const MAX_VARS_BYTES = 256 * 1024;

const VarsSchema = z
  .record(z.string(), z.string().describe('The value, as text.'))
  .describe('Values of the plan variables for one run: NAME: value.');

/** The values in `file`, each checked against `plan`; throws one line per problem (exit 2). */
export function loadVarsFile(file: string, plan: Plan): Record<string, string> {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_VARS_BYTES)
      throw new UserError(`${file}: larger than ${MAX_VARS_BYTES} bytes`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}: cannot read the variables file (${(error as NodeJS.ErrnoException).code})`);
  }
  const { data, index } = parseYamlData(text, file, VarsSchema, { scalars: 'text' });
  const problems: Problem[] = [];
  const at = (name: string, target: 'key' | 'value', message: string) =>
    problems.push({ ...index.locate([name], target), path: name, message });
  const declared = Object.keys(plan.variables);
  for (const [name, value] of Object.entries(data)) {
    const variable = plan.variables[name];
    if (!variable) {
      at(name, 'key', `not a variable of plan ${plan.id}${didYouMean(name, declared)}`);
    } else if (variable.secret) {
      at(name, 'value', `${name} is secret: give it with RC_VAR_${name} or --var, not in a file`);
    } else {
      const problem = validateVariableValue(plan, name, value);
      if (problem) at(name, 'value', problem.replace(new RegExp(`^${name}: `), ''));
    }
  }
  if (problems.length > 0) throw problemsError(file, problems);
  return data;
}

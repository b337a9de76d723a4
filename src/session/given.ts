// The variable values a run is opened with, merged in one place for the cockpit, headless runs
// and the dry run: --var NAME=VALUE over RC_VAR_<NAME> from the environment, each checked
// against the plan (a refused value names where it came from); then, for a run that exists,
// what its journal holds for plain variables, or, for a new run, the plan's defaults.
import { ProblemsError } from '../errors.js';
import type { Plan } from '../plan/schema.js';
import { MASK } from '../plan/secret-mask.js';
import { type ResolvedVariables, resolveVariables } from '../plan/variables.js';
import { VariableValues } from './values.js';

export interface GivenValues {
  /** As given (--var over RC_VAR_), before defaults. */
  given: Record<string, string>;
  /** Given values checked, with the plan's defaults; `missing` names required ones not given. */
  resolved: ResolvedVariables;
}

/** "--var NAME: …" or "RC_VAR_NAME: …": say where the refused value came from. */
export function sourced(problem: string, cli: Record<string, string>): string {
  const name = /^[A-Z][A-Z0-9_]*/.exec(problem)?.[0] ?? '';
  return Object.hasOwn(cli, name) || !name ? `--var ${problem}` : `RC_VAR_${problem}`;
}

/** --var values win over RC_VAR_<NAME>; throws ProblemsError (one line per refused value). */
export function gatherGiven(plan: Plan, cli: Record<string, string>, env: NodeJS.ProcessEnv): GivenValues {
  const fromEnv: Record<string, string> = {};
  for (const name of Object.keys(plan.variables)) {
    const value = env[`RC_VAR_${name}`];
    if (value !== undefined) fromEnv[name] = value;
  }
  const given = { ...fromEnv, ...cli };
  const resolved = resolveVariables(plan, given);
  if (resolved.errors.length > 0) throw new ProblemsError(resolved.errors.map((e) => sourced(e, cli)));
  return { given, resolved };
}

/**
 * The values a session holds: a new run (`journaled` null) gets the given values and the
 * defaults; a reopened one the given values, then what its journal holds for plain variables.
 * A journaled value the (possibly changed) plan no longer accepts is dropped, with a warning.
 */
export function runValues(
  plan: Plan,
  { given, resolved }: GivenValues,
  journaled: Record<string, string> | null,
  warnings: string[] = [],
): VariableValues {
  const values = new VariableValues(plan);
  if (journaled === null) {
    for (const [name, value] of Object.entries(resolved.values)) values.set(name, value);
    return values;
  }
  for (const [name, value] of Object.entries(given)) values.set(name, value);
  for (const [name, value] of Object.entries(journaled)) {
    if (values.has(name) || !plan.variables[name] || value === MASK) continue;
    const error = values.set(name, value);
    if (error) warnings.push(`the journaled value of ${error}; give it again`);
  }
  return values;
}

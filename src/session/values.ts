// The run's variable values as the session holds them in memory. The journal has the
// non-secret values; secret values live only here (from --var, RC_VAR_<NAME> or the operator)
// and are never written anywhere. Everything that leaves the session goes through `mask`.

import type { RunState } from '../journal/state-types.js';
import type { Plan, Step } from '../plan/schema.js';
import { MASK } from '../plan/secret-mask.js';
import {
  checkValue,
  commandVariables,
  laterSetVariables,
  maskSecrets,
  templateVariables,
} from '../plan/variables.js';

export class VariableValues {
  private readonly values = new Map<string, string>();

  constructor(readonly plan: Plan) {}

  isSecret(name: string): boolean {
    return this.plan.variables[name]?.secret === true;
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Validate then keep; returns the error message instead when invalid. */
  set(name: string, value: string): string | null {
    const error = this.validate(name, value);
    if (error === null) this.values.set(name, value);
    return error;
  }

  validate(name: string, value: string): string | null {
    const variable = this.plan.variables[name];
    if (!variable) return `${name} is not a variable of this plan`;
    return checkValue(name, variable, value);
  }

  /** What the journal may hold for a value. */
  journalValue(name: string, value: string): string {
    return this.isSecret(name) ? MASK : value;
  }

  /** Whether any secret value is known (then output must be masked). */
  hasSecrets(): boolean {
    return [...this.values.keys()].some((name) => this.isSecret(name));
  }

  /** All values as environment variables (secrets included: env, never argv). */
  env(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  /** Replace every secret value in text by MASK (longest first, so overlaps mask fully). */
  mask(text: string): string {
    const secrets = [...this.values].filter(([name]) => this.isSecret(name)).map(([, value]) => value);
    return secrets.length > 0 ? maskSecrets(text, secrets) : text;
  }
}

/** Plan variables among `names`, in order, once each. */
function declared(plan: Plan, names: string[]): string[] {
  return [...new Set(names)].filter((name) => Object.hasOwn(plan.variables, name));
}

/** Every plan variable a step needs before it can run ($NAME in scripts, {{NAME}} in texts). */
export function stepVariables(plan: Plan, step: Step): string[] {
  switch (step.kind) {
    case 'command':
    case 'gate': {
      const names = [
        ...commandVariables(step.run),
        ...templateVariables([step.cwd ?? '', ...Object.values(step.env ?? {})].join('\n')),
      ];
      if (typeof step.hosts === 'string') names.push(step.hosts.slice(1));
      return declared(plan, names);
    }
    case 'message':
      return declared(plan, [...templateVariables(step.template), ...commandVariables(step.send ?? '')]);
    default:
      return [];
  }
}

/**
 * Variables the session has no value for but will need: required ones never given, and values
 * the journal shows as set (secrets, MASK there) that were not given again since reopening.
 * Variables a prompt or capture sets later are not missing until they were set once.
 */
export function missingVariables(plan: Plan, values: VariableValues, state: RunState): string[] {
  const later = laterSetVariables(plan);
  return Object.entries(plan.variables)
    .filter(([name, variable]) => {
      if (values.has(name)) return false;
      if (state.variables[name] !== undefined) return true;
      return variable.required && !later.has(name);
    })
    .map(([name]) => name);
}

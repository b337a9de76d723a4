// The run's variable values as the session holds them in memory. The journal has the
// non-secret values; secret values live only here (from --var, RC_VAR_<NAME> or the operator)
// and are never written anywhere. Everything that leaves the session goes through `mask`.
import { MASK } from '../journal/events.js';
import type { Plan, Step } from '../plan/schema.js';
import { validateValue } from './validate.js';

export class VariableValues {
  private readonly values = new Map<string, string>();

  constructor(private readonly plan: Plan) {}

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
    return validateValue(name, variable, value);
  }

  /** What the journal may hold for a value. */
  journalValue(name: string, value: string): string {
    return this.isSecret(name) ? MASK : value;
  }

  /** All values as environment variables (secrets included: env, never argv). */
  env(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  /** Values for display: secrets replaced by MASK. */
  display(): Record<string, string> {
    const shown: Record<string, string> = {};
    for (const [name, value] of this.values) shown[name] = this.isSecret(name) ? MASK : value;
    return shown;
  }

  /** Replace every secret value in text by MASK (longest first, so overlaps mask fully). */
  mask(text: string): string {
    const secrets = [...this.values]
      .filter(([name, value]) => this.isSecret(name) && value.length > 0)
      .map(([, value]) => value)
      .sort((a, b) => b.length - a.length);
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(MASK);
    return out;
  }
}

const REFERENCE = /\$\{([A-Z][A-Z0-9_]*)\}|\$([A-Z][A-Z0-9_]*)|\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g;

/** Plan variables a text refers to as $NAME, ${NAME} or {{NAME}}. */
export function referencedNames(plan: Plan, text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(REFERENCE)) {
    const name = match[1] ?? match[2] ?? match[3];
    if (name && plan.variables[name]) names.add(name);
  }
  return [...names];
}

/** Every plan variable a step needs before it can run. */
export function stepVariables(plan: Plan, step: Step): string[] {
  const texts: string[] = [];
  switch (step.kind) {
    case 'command':
    case 'gate':
      texts.push(step.run, step.cwd ?? '', ...Object.values(step.env ?? {}));
      if (typeof step.hosts === 'string') texts.push(step.hosts);
      if (step.kind === 'command' && step.verify) texts.push(step.verify);
      break;
    case 'message':
      texts.push(step.template, step.send ?? '');
      break;
    default:
      break;
  }
  return referencedNames(plan, texts.join('\n'));
}

/** Replace {{NAME}} by the value (missing names left as they are). */
export function renderTemplate(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(/\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g, (whole, name: string) => lookup(name) ?? whole);
}

// How a step's command is shown before it runs. We show the script exactly as it will be written
// to script.sh (never rewritten), followed by the environment the plan's variables give it —
// the truthful picture, since variables reach commands only as environment variables and never
// as text in the script. Secret values are shown as MASK.

import type { Plan, Step } from '../plan/schema.js';
import { MASK } from '../plan/secret-mask.js';
import { stepCwd, stepHosts } from './context.js';
import { renderMessageText } from './message.js';
import { stepVariables, type VariableValues } from './values.js';

/** Single-quote a value for display the way bash would read it back. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function displayCommandText(plan: Plan, step: Step, values: VariableValues): string | null {
  if (step.kind === 'message') {
    if (!step.send) return null;
    return `${step.send}\n# stdin: the rendered message ($RC_MESSAGE_FILE)`;
  }
  if (step.kind !== 'command' && step.kind !== 'gate') return null;
  const lines = [step.run.replace(/\n+$/, '')];
  const names = stepVariables(plan, step);
  const envLines: string[] = [];
  for (const name of names) {
    const value = values.get(name);
    if (value === undefined) envLines.push(`${name}=<not set>`);
    else envLines.push(`${name}=${values.isSecret(name) ? MASK : shellQuote(value)}`);
  }
  for (const [name, template] of Object.entries(step.env ?? {})) {
    const rendered = template.replace(/\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g, (whole, ref: string) => {
      const value = values.get(ref);
      if (value === undefined) return whole;
      return values.isSecret(ref) ? MASK : value;
    });
    envLines.push(`${name}=${shellQuote(rendered)}`);
  }
  const cwd = stepCwd(values, step);
  const hosts = stepHosts(values, step);
  const trailer: string[] = [];
  if (envLines.length > 0) trailer.push('# environment:', ...envLines.map((line) => `#   ${line}`));
  if (cwd) trailer.push(`# in ${values.mask(cwd)}`);
  if (hosts) trailer.push(`# on hosts: ${hosts.join(', ')}`);
  if (step.timeout) trailer.push(`# timeout ${step.timeout}`);
  if (step.kind === 'gate') trailer.push(`# polled every ${step.interval} until it passes`);
  return [...lines, ...trailer].join('\n');
}

export function renderMessageFor(step: Step, values: VariableValues): string | null {
  return step.kind === 'message' ? renderMessageText(step, values) : null;
}

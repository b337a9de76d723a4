// --dry-run: every step of the plan in order, each command exactly as it would run (the script
// as written, then the environment it gets; secrets MASK), messages rendered. Nothing runs and
// nothing is journaled. With an existing run, settled steps are marked so the reader sees what
// a headless run would still do.
import type { RunState } from '../journal/state-types.js';
import { listSteps } from '../plan/outline.js';
import type { Plan, Step } from '../plan/schema.js';
import { renderTemplate, secretNames } from '../plan/variables.js';
import { displayCommandText } from './display.js';
import { renderMessageText } from './message.js';
import type { VariableValues } from './values.js';

function describe(step: Step): string {
  switch (step.kind) {
    case 'command':
      return step.confirm ? `command, needs the word "${step.confirm}"` : 'command';
    case 'gate':
      return `gate, every ${step.interval} for at most ${step.timeout}`;
    case 'manual':
      return `manual, ${step.items.length} item(s) to confirm`;
    case 'prompt':
      return `prompt for ${step.variable}`;
    default:
      return step.kind;
  }
}

/** A plan text with {{NAME}} rendered for display (secrets MASK, unset names left as written). */
function shown(text: string, values: VariableValues): string {
  return values.mask(renderTemplate(text, values.env(), { mask: secretNames(values.plan) }));
}

function body(plan: Plan, step: Step, values: VariableValues): string[] {
  switch (step.kind) {
    case 'command':
    case 'gate':
      return (displayCommandText(plan, step, values) ?? '').split('\n');
    case 'message': {
      const lines = renderMessageText(step, values)
        .split('\n')
        .map((line) => `> ${line}`);
      const send = displayCommandText(plan, step, values);
      return send ? [...lines, ...send.split('\n')] : lines;
    }
    case 'manual':
      return step.items.map((item, i) => `[ ] ${i + 1}. ${shown(item, values)}`);
    case 'prompt':
      return [`# the operator enters ${step.variable}${values.has(step.variable) ? ' (already set)' : ''}`];
    case 'note':
      return shown(step.text, values)
        .split('\n')
        .map((line) => `# ${line}`);
  }
}

export function dryRunText(plan: Plan, values: VariableValues, state: RunState | null): string {
  const out: string[] = [`# dry run of ${plan.id}: nothing runs, nothing is recorded`];
  const unset = Object.keys(plan.variables).filter((name) => !values.has(name));
  if (unset.length > 0) out.push(`# not set yet: ${unset.join(', ')} (shown as written)`);
  let path = '';
  for (const ref of listSteps(plan)) {
    if (ref.path !== path) {
      path = ref.path;
      if (path === 'rollback') out.push('', '# rollback path (only after a rollback decision)');
    }
    const status = state?.steps[ref.step.id]?.status;
    const already = status && status !== 'pending' ? ` — already ${status}` : '';
    out.push('', `## ${ref.step.id} (${describe(ref.step)}) ${shown(ref.step.title, values)}${already}`);
    for (const line of body(plan, ref.step, values)) out.push(`   ${line}`);
  }
  return `${out.join('\n')}\n`;
}

// Shared by the plan tests: where the bundled plans live and how to read one. The plans are
// parsed with the same yaml package and zod schema the product uses.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { type Plan, PlanSchema, type Step } from '../../src/plan/schema.js';
import { ROOT } from '../helpers/cli.js';

export const PLANS_DIR = path.join(ROOT, 'plans');

export function bundledPlanFiles(): string[] {
  return readdirSync(PLANS_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(PLANS_DIR, name));
}

export function readPlan(file: string): Plan {
  const document = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true });
  if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
  return PlanSchema.parse(document.toJS());
}

/** Every step of the plan: phases in order, then the rollback path. */
export function allSteps(plan: Plan): Step[] {
  return [...plan.phases.flatMap((phase) => phase.steps), ...(plan.rollback?.steps ?? [])];
}

/** The bash a step hands to the shell: run, verify and a message's send. */
export function scriptsOf(step: Step): { field: 'run' | 'verify' | 'send'; script: string }[] {
  const scripts: { field: 'run' | 'verify' | 'send'; script: string }[] = [];
  if (step.kind === 'command' || step.kind === 'gate') scripts.push({ field: 'run', script: step.run });
  if (step.kind === 'command' && step.verify) scripts.push({ field: 'verify', script: step.verify });
  if (step.kind === 'message' && step.send) scripts.push({ field: 'send', script: step.send });
  return scripts;
}

/** Everything a step says, to people or to the shell: where a seed's words or commands must show up. */
export function stepText(step: Step): string {
  const parts: (string | undefined)[] = [step.title, step.description];
  switch (step.kind) {
    case 'manual':
      parts.push(...step.items);
      break;
    case 'note':
      parts.push(step.text);
      break;
    case 'message':
      parts.push(step.channel, step.template, step.send);
      break;
    case 'command':
    case 'gate':
      parts.push(step.run, step.kind === 'command' ? step.verify : undefined);
      break;
    case 'prompt':
      parts.push(step.variable);
      break;
  }
  return parts.filter((part): part is string => part !== undefined).join('\n');
}

/** `source` as a list, whichever way the plan wrote it. */
export function sourcesOf(source: string | string[] | undefined): string[] {
  if (source === undefined) return [];
  return Array.isArray(source) ? source : [source];
}

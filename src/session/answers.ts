// A headless run's answers file (`run --headless --answers FILE`): per step the word an operator
// would type, the checklist ticks, a prompt's value, and the rollback decision — what a rehearsal
// needs to walk the whole plan unattended. Checked against the plan before anything runs; every
// problem is `FILE:LINE:COL: PATH: message`. Sign-offs are never in it: a sign-off is a person's
// login (release-cockpit signoff), and a secret's value never sits in a file.
//
//   plan: architecture-2.0
//   steps:
//     deploy-migrate: { confirm: deploy-migrate }
//     code-freeze: { ticks: all }
//     release-notes-url: { value: https://example.org/notes }
//   rollback: { criterion: audit-save-errors, confirm: ОТКАТ, from: deploy-checkout }
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { AnswerKind } from '../journal/events.js';
import { problemsError } from '../plan/load.js';
import { findStep } from '../plan/outline.js';
import type { PlanPath, Problem } from '../plan/positions.js';
import { formatPath, type PositionIndex } from '../plan/positions.js';
import { ID_PATTERN, type Plan } from '../plan/schema.js';
import { parseYamlData } from '../plan/yaml-data.js';

const MAX_ANSWERS_BYTES = 256 * 1024;

const Tick = z.union([z.number().int().min(1), z.string().min(1)]);

const StepAnswerSchema = z
  .strictObject({
    confirm: z.string().min(1).optional().describe('The confirm word of a dangerous command step.'),
    ticks: z
      .union([z.literal('all'), z.array(Tick).min(1)])
      .optional()
      .describe('Checklist items to tick: all, or items by 1-based number or exact text.'),
    value: z.string().optional().describe("A prompt step's value (never a secret)."),
  })
  .refine((answer) => Object.keys(answer).length > 0, 'an answer needs confirm, ticks or value');

export const AnswersSchema = z
  .strictObject({
    plan: z.string().regex(ID_PATTERN).describe('The id of the plan these answers are for.'),
    steps: z.record(z.string(), StepAnswerSchema).default({}),
    rollback: z
      .strictObject({
        criterion: z.string().min(1),
        confirm: z.string().min(1),
        from: z
          .string()
          .min(1)
          .optional()
          .describe('Only for a step failing at or after this one (plan order).'),
      })
      .optional()
      .describe('Decide the rollback when a step fails (with this criterion and word).'),
  })
  .describe('Answers for an unattended run: what the operator would type at each step.');

export type StepAnswer = z.output<typeof StepAnswerSchema>;

export interface Answers {
  file: string;
  sha256: string;
  steps: Map<string, StepAnswer>;
  rollback: { criterion: string; confirm: string; from?: string } | null;
}

/** The answers file for `plan`; throws one-line problems (exit 2) before anything runs. */
export function loadAnswers(file: string, plan: Plan): Answers {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_ANSWERS_BYTES) throw new UserError(`${file}: larger than ${MAX_ANSWERS_BYTES} bytes`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}: cannot read the answers file (${(error as NodeJS.ErrnoException).code})`);
  }
  const { data, index } = parseYamlData(text, file, AnswersSchema);
  const problems = checkAgainstPlan(data, plan, index);
  if (problems.length > 0) throw problemsError(file, problems);
  return {
    file,
    sha256: createHash('sha256').update(text).digest('hex'),
    steps: new Map(Object.entries(data.steps)),
    rollback: data.rollback ?? null,
  };
}

function checkAgainstPlan(data: z.output<typeof AnswersSchema>, plan: Plan, index: PositionIndex): Problem[] {
  const problems: Problem[] = [];
  const at = (path: PlanPath, message: string, target: 'key' | 'value' = 'value') =>
    problems.push({ ...index.locate(path, target), path: formatPath(path), message });
  if (data.plan !== plan.id) at(['plan'], `these answers are for plan "${data.plan}", not "${plan.id}"`);
  for (const [id, answer] of Object.entries(data.steps)) {
    const step = findStep(plan, id)?.step;
    if (!step) {
      at(['steps', id], `no step "${id}" in plan ${plan.id}`, 'key');
      continue;
    }
    if (answer.confirm !== undefined && !(step.kind === 'command' && step.confirm !== undefined))
      at(['steps', id, 'confirm'], `step ${id} asks for no confirm word`);
    if (answer.ticks !== undefined) {
      if (step.kind !== 'manual') at(['steps', id, 'ticks'], `step ${id} has no checklist`);
      else if (answer.ticks !== 'all') {
        answer.ticks.forEach((tick, k) => {
          if (tickIndex(step.items, tick) === null)
            at(['steps', id, 'ticks', k], `step ${id} has no item ${JSON.stringify(tick)}`);
        });
      }
    }
    if (answer.value !== undefined) {
      if (step.kind !== 'prompt') at(['steps', id, 'value'], `step ${id} asks for no value`);
      else if (plan.variables[step.variable]?.secret)
        at(
          ['steps', id, 'value'],
          `${step.variable} is secret: give it with RC_VAR_${step.variable}, not in a file`,
        );
    }
  }
  if (data.rollback) {
    if (!plan.rollback) at(['rollback'], `plan ${plan.id} has no rollback path`);
    else if (!plan.rollback.criteria.some((c) => c.id === data.rollback?.criterion))
      at(['rollback', 'criterion'], `no rollback criterion "${data.rollback.criterion}"`);
    const from = data.rollback.from;
    if (from !== undefined && findStep(plan, from)?.path !== 'main')
      at(['rollback', 'from'], `no step "${from}" on the plan's main path`);
  }
  return problems;
}

/** The 0-based item a tick names (1-based number or exact text), or null. */
export function tickIndex(items: readonly string[], tick: number | string): number | null {
  if (typeof tick === 'number') return tick >= 1 && tick <= items.length ? tick - 1 : null;
  const index = items.indexOf(tick);
  return index >= 0 ? index : null;
}

/** The 0-based items an answer ticks. */
export function tickedItems(items: readonly string[], ticks: StepAnswer['ticks']): number[] {
  if (ticks === undefined) return [];
  if (ticks === 'all') return items.map((_, i) => i);
  return ticks.flatMap((tick) => {
    const index = tickIndex(items, tick);
    return index === null ? [] : [index];
  });
}

export type { AnswerKind };

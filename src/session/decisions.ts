// Operator decisions that are only journal events (no process): checklist items, a prompt's
// value, the rollback decision. The Session checks that it may write before calling these.
import { UserError } from '../errors.js';
import type { JournalEvent } from '../journal/events.js';
import type { RunState } from '../journal/state-types.js';
import { listSteps } from '../plan/outline.js';
import type { Plan, Step } from '../plan/schema.js';
import { stepStatus } from './machine.js';
import type { VariableValues } from './values.js';

export interface DecisionContext {
  plan: Plan;
  values: VariableValues;
  state(): RunState;
  append(event: JournalEvent): Promise<void>;
  /** The step waits for a sign-off: it may be worked on, not completed (absent: never). */
  awaitsSignoff?: (stepId: string) => boolean;
}

/** Confirm one item; the step is done once every item is confirmed. */
export async function confirmChecklistItem(ctx: DecisionContext, step: Step, index: number): Promise<void> {
  if (step.kind !== 'manual') throw new UserError(`step ${step.id} has no checklist`);
  const text = step.items[index];
  if (text === undefined) throw new UserError(`step ${step.id} has no item ${index + 1}`);
  const entry = ctx.state().steps[step.id];
  if (entry?.status === 'done' || entry?.status === 'skipped') return;
  if (!entry?.confirmedItems.includes(index)) {
    await ctx.append({ type: 'manual.itemConfirmed', step: step.id, data: { index, text } });
  }
  const confirmed = new Set(ctx.state().steps[step.id]?.confirmedItems ?? []);
  // Waiting for a sign-off, the ticked checklist is completed when the sign-off arrives.
  if (step.items.every((_, i) => confirmed.has(i)) && !ctx.awaitsSignoff?.(step.id)) {
    await ctx.append({ type: 'step.done', step: step.id, data: { note: 'all items confirmed' } });
  }
}

/** Validate and keep a value (journaled masked when secret); prompt steps asking for it are done. */
export async function enterVariable(
  ctx: DecisionContext,
  name: string,
  value: string,
): Promise<string | null> {
  const error = ctx.values.set(name, value);
  if (error) return error;
  await ctx.append({
    type: 'variable.set',
    data: { name, value: ctx.values.journalValue(name, value), origin: 'prompt' },
  });
  for (const { step } of listSteps(ctx.plan)) {
    if (step.kind !== 'prompt' || step.variable !== name) continue;
    const status = stepStatus(ctx.state(), step.id);
    if ((status === 'pending' || status === 'failed') && !ctx.awaitsSignoff?.(step.id)) {
      await ctx.append({ type: 'step.done', step: step.id, data: { note: `${name} entered` } });
    }
  }
  return null;
}

/** The rollback decision: a criterion of the plan and its confirm word, once per run. */
export async function decideRollback(
  ctx: DecisionContext,
  criterionId: string,
  confirmWord: string,
): Promise<void> {
  const rollback = ctx.plan.rollback;
  if (!rollback) throw new UserError('this plan has no rollback path');
  const criterion = rollback.criteria.find((c) => c.id === criterionId);
  if (!criterion) throw new UserError(`no rollback criterion "${criterionId}"`);
  if (confirmWord !== rollback.confirm)
    throw new UserError(`type "${rollback.confirm}" to decide the rollback`);
  if (ctx.state().rollback) throw new UserError('the rollback is already decided');
  await ctx.append({
    type: 'rollback.decided',
    data: { criterion: criterion.id, criterionText: criterion.text },
  });
}

// The writer's side of the inbox: each waiting record is judged against the plan, the run
// and who holds which role, journaled as signoff.given or signoff.refused, then removed. A
// record already journaled (a crash between the two) is only removed. When a sign-off
// completes a checklist that was fully ticked while it waited, the step is done now.
import type { JournalEvent } from '../journal/events.js';
import type { RunState } from '../journal/state-types.js';
import { findStep } from '../plan/outline.js';
import type { Plan } from '../plan/schema.js';
import { readInbox, removeRecord } from './inbox.js';
import { judgeSigner, type RoleHolders, signoffStatus, targetKey } from './signoff.js';

export interface IngestContext {
  plan: Plan;
  state(): RunState;
  holders(): RoleHolders;
  append(event: JournalEvent): Promise<unknown> | unknown;
}

export interface IngestResult {
  given: string[];
  refused: { id: string; reason: string }[];
}

function journaledIds(state: RunState): Set<string> {
  return new Set(
    Object.values(state.signoffs ?? {}).flatMap((list) => list.map((record) => record.requestId)),
  );
}

export async function ingestInbox(ctx: IngestContext, runDir: string): Promise<IngestResult> {
  const result: IngestResult = { given: [], refused: [] };
  const entries = readInbox(runDir);
  if (entries.length === 0) return result;
  const seen = journaledIds(ctx.state());
  for (const entry of entries) {
    if (!entry.ok) {
      // Refusals are removed first: a crash then loses only the audit line, never doubles it.
      removeRecord(entry.file);
      await ctx.append({
        type: 'signoff.refused',
        data: {
          target: 'step',
          login: entry.login,
          uid: entry.uid,
          requestId: entry.id,
          reason: entry.reason,
        },
      });
      result.refused.push({ id: entry.id, reason: entry.reason });
      continue;
    }
    const record = entry.record;
    if (seen.has(record.id)) {
      removeRecord(record.file);
      continue;
    }
    const target = record.target;
    const known =
      target.kind === 'rollback'
        ? ctx.plan.rollback !== undefined
        : findStep(ctx.plan, target.stepId) !== undefined;
    const status = known ? signoffStatus(ctx.plan, ctx.state(), ctx.holders(), target) : null;
    const judged = known
      ? judgeSigner(status, record.login, ctx.holders(), record.role)
      : {
          ok: false as const,
          reason: `no ${target.kind === 'rollback' ? 'rollback path' : `step "${targetKey(target)}"`} in this plan`,
        };
    const step = target.kind === 'step' ? { step: target.stepId } : {};
    if (!judged.ok) {
      removeRecord(record.file);
      await ctx.append({
        type: 'signoff.refused',
        ...step,
        data: {
          target: target.kind,
          login: record.login,
          uid: record.uid,
          requestId: record.id,
          reason: judged.reason,
        },
      });
      result.refused.push({ id: record.id, reason: judged.reason });
      continue;
    }
    await ctx.append({
      type: 'signoff.given',
      ...step,
      data: {
        target: target.kind,
        login: record.login,
        uid: record.uid,
        roles: judged.roles,
        via: 'inbox',
        requestId: record.id,
        givenAt: record.givenAt,
        ...(record.note ? { note: record.note } : {}),
      },
    });
    removeRecord(record.file);
    seen.add(record.id);
    result.given.push(record.id);
    if (target.kind === 'step') await completeIfTicked(ctx, target.stepId);
  }
  return result;
}

/** A checklist ticked in full while its sign-off was pending is done once it is signed. */
export async function completeIfTicked(ctx: IngestContext, stepId: string): Promise<void> {
  const definition = findStep(ctx.plan, stepId)?.step;
  if (definition?.kind !== 'manual') return;
  const state = ctx.state();
  const entry = state.steps[stepId];
  if (!entry || entry.status === 'done' || entry.status === 'skipped') return;
  if (signoffStatus(ctx.plan, state, ctx.holders(), { kind: 'step', stepId })?.pending) return;
  const confirmed = new Set(entry.confirmedItems);
  if (!definition.items.every((_, i) => confirmed.has(i))) return;
  await ctx.append({ type: 'step.done', step: stepId, data: { note: 'all items confirmed and signed off' } });
}

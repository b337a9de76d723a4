// What each key means for the selected step right now: which actions apply (the footer shows
// only those) and what Enter does. Pure: decided from the plan step, its state and the mode.
import type { StepState } from '../../journal/state-types.js';
import type { Plan, Step } from '../../plan/schema.js';
import type { SessionView } from '../../session/types.js';
import type { Strings } from '../i18n/index.js';
import type { ActionId } from '../keys.js';
import { isFinished } from '../model/outline.js';

export type EnterMeaning = 'run' | 'retry' | 'tick' | 'done' | 'set' | 'send' | 'read' | 'decide' | null;

export interface Selected {
  step: Step;
  state: StepState | undefined;
  path: 'main' | 'rollback';
}

export function isFrozen(view: SessionView, selected: Selected): boolean {
  return !!view.state.rollback && selected.path === 'main';
}

/** On the inactive path before a rollback decision, rollback steps wait for it. */
function isWaitingForRollback(view: SessionView, selected: Selected): boolean {
  return !view.state.rollback && selected.path === 'rollback';
}

export function enterMeaning(selected: Selected): EnterMeaning {
  const status = selected.state?.status ?? 'pending';
  const { step } = selected;
  if (status === 'unknown') return 'decide';
  if (status === 'running' || isFinished(status)) return null;
  switch (step.kind) {
    case 'command':
    case 'gate':
      return status === 'failed' || status === 'cancelled' ? 'retry' : 'run';
    case 'message':
      return 'send';
    case 'manual': {
      const confirmed = selected.state?.confirmedItems.length ?? 0;
      return confirmed >= step.items.length ? 'done' : 'tick';
    }
    case 'prompt':
      return 'set';
    case 'note':
      return 'read';
  }
}

export function hasHosts(selected: Selected): boolean {
  const attempt = selected.state?.attempts[selected.state.attempts.length - 1];
  return !!attempt?.hosts && attempt.hosts.length > 0;
}

/**
 * Hosts of the selected running step that are out of reach (unreachable: the link down longer
 * than reconnectFor), as the journal has their state; [] otherwise.
 */
export function unreachableHosts(selected: Selected): string[] {
  if (selected.state?.status !== 'running') return [];
  const attempt = selected.state.attempts[selected.state.attempts.length - 1];
  return Object.entries(attempt?.hostStates ?? {})
    .filter(([, host]) => host.state === 'unreachable')
    .map(([host]) => host);
}

/** Its verify may run: not while it runs, unless a host is out of reach (to check it by hand). */
export function canVerify(selected: Selected): boolean {
  return (
    selected.step.kind === 'command' &&
    !!selected.step.verify &&
    (selected.state?.status !== 'running' || unreachableHosts(selected).length > 0)
  );
}

/** The roles still to sign for the selected step that this screen's login may give. */
export function signableRoles(view: SessionView, selected: Selected): string[] {
  const status = view.signoffs?.[selected.step.id];
  if (!status?.pending || !view.signer) return [];
  const signer = view.signer;
  return status.mayGive.filter((entry) => entry.logins.includes(signer)).map((entry) => entry.role);
}

/** Does the action apply to this step now? (Watch mode is handled by the caller.) */
export function applies(action: ActionId, view: SessionView, selected: Selected | null): boolean {
  const status = selected?.state?.status ?? 'pending';
  const blocked = selected ? isFrozen(view, selected) || isWaitingForRollback(view, selected) : true;
  switch (action) {
    case 'enter':
      return !!selected && !blocked && enterMeaning(selected) !== null;
    case 'skip':
      return !!selected && !blocked && ['pending', 'failed', 'cancelled'].includes(status);
    case 'note':
      return true;
    case 'retry':
      return (
        !!selected &&
        !blocked &&
        (status === 'failed' || status === 'cancelled') &&
        ['command', 'gate', 'message'].includes(selected.step.kind)
      );
    case 'cancel':
      return status === 'running';
    case 'verify':
      return !!selected && canVerify(selected);
    case 'stopWaiting':
      return !!selected && unreachableHosts(selected).length > 0;
    case 'rollback':
      return !!view.plan.rollback && !view.state.rollback;
    case 'hosts':
      return !!selected && hasHosts(selected);
    case 'signoff':
      return !!selected && signableRoles(view, selected).length > 0;
    default:
      return true;
  }
}

export function enterLabel(meaning: EnterMeaning): keyof Strings['short'] {
  switch (meaning) {
    case 'retry':
      return 'retry';
    case 'tick':
      return 'tick';
    case 'done':
      return 'done';
    case 'set':
      return 'set';
    case 'send':
      return 'send';
    case 'read':
      return 'read';
    case 'decide':
      return 'decide';
    default:
      return 'run';
  }
}

/** The variable a prompt step sets, with its plan definition. */
export function promptVariable(plan: Plan, step: Step) {
  return step.kind === 'prompt' ? { name: step.variable, def: plan.variables[step.variable] } : null;
}

// Sign-off by role, as pure rules over the plan, the run's state and who holds which role.
// A step (or the rollback decision) with `signoff:` is pending until every required role has
// signed; with `distinct: true` each role by a different login. The session, headless runs,
// `mark` and the screens all ask these questions; nothing here reads files or the clock.
import type { RunState, SignoffRecord } from '../journal/state-types.js';
import { SIGNOFF_ROLLBACK_KEY } from '../journal/state-types.js';
import { findStep } from '../plan/outline.js';
import { LOGIN_PATTERN, type Plan, type Signoff } from '../plan/schema.js';
import type { Team } from './team-file.js';

export type SignoffTarget = { kind: 'step'; stepId: string } | { kind: 'rollback' };

export interface SignoffRequirement {
  roles: string[];
  distinct: boolean;
}

/** role → logins holding it, and where that came from (for messages). */
export interface RoleHolders {
  logins: ReadonlyMap<string, readonly string[]>;
  from: ReadonlyMap<string, string>;
}

export interface SignoffStatus {
  target: SignoffTarget;
  requirement: SignoffRequirement;
  given: SignoffRecord[];
  /** Required roles nobody has signed yet, in plan order. */
  missing: string[];
  pending: boolean;
  /** For each missing role, who could sign it (logins; empty when nobody holds it). */
  mayGive: { role: string; logins: string[] }[];
}

export type SignerJudgement = { ok: true; roles: string[] } | { ok: false; reason: string };

export function targetKey(target: SignoffTarget): string {
  return target.kind === 'rollback' ? SIGNOFF_ROLLBACK_KEY : target.stepId;
}

export function describeTarget(target: SignoffTarget): string {
  return target.kind === 'rollback' ? 'the rollback decision' : `step ${target.stepId}`;
}

export function normalizeSignoff(signoff: Signoff | undefined): SignoffRequirement | null {
  if (signoff === undefined) return null;
  if (typeof signoff === 'string') return { roles: [signoff], distinct: false };
  return { roles: [...new Set(signoff.roles)], distinct: signoff.distinct };
}

export function requirementOf(plan: Plan, target: SignoffTarget): SignoffRequirement | null {
  if (target.kind === 'rollback') return normalizeSignoff(plan.rollback?.signoff);
  return normalizeSignoff(findStep(plan, target.stepId)?.step.signoff);
}

/** Logins in a variable's value: space or comma separated; anything not a login is ignored. */
export function splitLogins(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(/[\s,]+/).filter((word) => LOGIN_PATTERN.test(word)))];
}

/**
 * Who holds each role: team.yaml for the roles it names, else the plan role's `logins` (a list,
 * or "$VAR" read from the run's variables).
 */
export function roleHolders(plan: Plan, team: Team | null, variables: Record<string, string>): RoleHolders {
  const logins = new Map<string, string[]>();
  const from = new Map<string, string>();
  for (const [role, definition] of Object.entries(plan.roles)) {
    const fromTeam = team?.roles.get(role);
    if (fromTeam) {
      logins.set(role, [...fromTeam]);
      from.set(role, team?.file ?? 'team.yaml');
    } else if (Array.isArray(definition.logins)) {
      logins.set(role, [...definition.logins]);
      from.set(role, 'the plan');
    } else if (typeof definition.logins === 'string') {
      const name = definition.logins.slice(1);
      logins.set(role, splitLogins(variables[name]));
      from.set(role, `variable ${name}`);
    } else logins.set(role, []);
  }
  for (const [role, held] of team?.roles ?? []) {
    if (!logins.has(role)) {
      logins.set(role, [...held]);
      from.set(role, team?.file ?? 'team.yaml');
    }
  }
  return { logins, from };
}

/** Null when the target needs no sign-off. */
export function signoffStatus(
  plan: Plan,
  state: RunState,
  holders: RoleHolders,
  target: SignoffTarget,
): SignoffStatus | null {
  const requirement = requirementOf(plan, target);
  if (!requirement) return null;
  const given = state.signoffs?.[targetKey(target)] ?? [];
  const covered = new Set(given.flatMap((record) => record.roles));
  const missing = requirement.roles.filter((role) => !covered.has(role));
  return {
    target,
    requirement,
    given: [...given],
    missing,
    pending: missing.length > 0,
    mayGive: missing.map((role) => ({ role, logins: [...(holders.logins.get(role) ?? [])] })),
  };
}

/** Whether `login` may sign now, and for which roles (all it holds, or one when distinct). */
export function judgeSigner(
  status: SignoffStatus | null,
  login: string,
  holders: RoleHolders,
  wantedRole?: string,
): SignerJudgement {
  if (!status) return { ok: false, reason: 'it needs no sign-off' };
  const what = describeTarget(status.target);
  if (!status.pending) {
    const by = status.given.map((record) => `${record.login} (${record.roles.join(', ')})`).join(', ');
    return { ok: false, reason: `${what} is already signed off by ${by}` };
  }
  if (status.requirement.distinct && status.given.some((record) => record.login === login)) {
    return {
      ok: false,
      reason: `${login} has signed ${what} off already; it needs a different person for ${status.missing.join(', ')}`,
    };
  }
  const held = status.missing.filter((role) => holders.logins.get(role)?.includes(login));
  if (wantedRole !== undefined) {
    if (!status.requirement.roles.includes(wantedRole)) {
      return {
        ok: false,
        reason: `${what} needs no sign-off by ${wantedRole} (it needs ${status.requirement.roles.join(', ')})`,
      };
    }
    if (!status.missing.includes(wantedRole))
      return { ok: false, reason: `${wantedRole} has signed ${what} off already` };
    if (!held.includes(wantedRole)) return { ok: false, reason: notHolder(login, [wantedRole], holders) };
    return { ok: true, roles: [wantedRole] };
  }
  if (held.length === 0) return { ok: false, reason: notHolder(login, status.missing, holders) };
  return { ok: true, roles: status.requirement.distinct ? [held[0] as string] : held };
}

function notHolder(login: string, roles: string[], holders: RoleHolders): string {
  const who = roles
    .map((role) => {
      const logins = holders.logins.get(role) ?? [];
      const source = holders.from.get(role);
      return `${role}: ${logins.length ? logins.join(', ') : 'nobody'}${source ? ` per ${source}` : ''}`;
    })
    .join('; ');
  return `${login} does not hold ${roles.length === 1 ? 'the role' : 'any of the roles'} still to sign (${who})`;
}

/** "waiting for sign-off by release-lead (alice, carol)" — the line a screen shows. */
export function pendingLine(status: SignoffStatus): string {
  const parts = status.mayGive.map(
    ({ role, logins }) => `${role} (${logins.length ? logins.join(', ') : 'nobody holds it'})`,
  );
  const distinct =
    status.requirement.distinct && status.requirement.roles.length > 1 ? ', each by a different person' : '';
  return `waiting for sign-off by ${parts.join(' and ')}${distinct}`;
}

/** Why passing a step must wait, or null when it needs no sign-off or has it. */
export function passRefusal(
  plan: Plan,
  state: RunState,
  holders: RoleHolders,
  target: SignoffTarget,
): string | null {
  const status = signoffStatus(plan, state, holders, target);
  if (!status?.pending) return null;
  const command =
    target.kind === 'rollback'
      ? 'release-cockpit signoff PLAN --run RUN --rollback'
      : `release-cockpit signoff PLAN --run RUN ${target.stepId}`;
  return `${describeTarget(target)} is ${pendingLine(status)}; they give it from their own terminal: ${command}`;
}

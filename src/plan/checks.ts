// Checks beyond shape, on a plan the schema accepted: ids are unique, every reference
// resolves, every variable used is declared and safe to use where it is used. Each problem
// names its path (and a text inside it) so the loader can place it at a line and column.
import type { PathProblem } from './issues.js';
import { formatPath, type PlanPath } from './positions.js';
import type { Plan, Signoff } from './schema.js';
import { didYouMean } from './suggest.js';
import { checkTimes } from './time-checks.js';
import { checkVariableDeclarations, checkVariableUses, type PlacedStep } from './variable-checks.js';

/** Every problem of a schema-valid plan; empty when the plan is good to run. */
export function checkPlan(plan: Plan): PathProblem[] {
  const problems: PathProblem[] = [];
  const steps = placedSteps(plan);
  checkIds(plan, steps, problems);
  checkRoles(plan, steps, problems);
  checkVariableDeclarations(plan, problems);
  checkVariableUses(plan, steps, problems);
  checkArtifacts(plan, steps, problems);
  checkConfirmWords(plan, steps, problems);
  checkRollingFields(steps, problems);
  problems.push(...checkTimes(plan, steps));
  return problems;
}

/** batch, maxFailures and health shape a fan-out: without hosts they would be ignored silently. */
function checkRollingFields(steps: PlacedStep[], problems: PathProblem[]): void {
  for (const { step, path } of steps) {
    if (step.kind !== 'command' || step.hosts !== undefined) continue;
    for (const key of ['batch', 'maxFailures', 'health'] as const) {
      if (step[key] === undefined) continue;
      problems.push({
        path: [...path, key],
        target: 'key',
        message: `${key} applies only to a step with hosts`,
      });
    }
  }
}

export function placedSteps(plan: Plan): PlacedStep[] {
  const placed: PlacedStep[] = [];
  plan.phases.forEach((phase, i) => {
    phase.steps.forEach((step, j) => {
      placed.push({ step, path: ['phases', i, 'steps', j] });
    });
  });
  plan.rollback?.steps.forEach((step, j) => {
    placed.push({ step, path: ['rollback', 'steps', j] });
  });
  return placed;
}

function checkIds(plan: Plan, steps: PlacedStep[], problems: PathProblem[]): void {
  const phases = new Map<string, PlanPath>();
  plan.phases.forEach((phase, i) => {
    const path = ['phases', i, 'id'];
    if (phase.id === 'rollback') {
      problems.push({
        path,
        target: 'value',
        message: 'the phase id "rollback" is reserved for the rollback block',
      });
    }
    unique(phases, phase.id, path, 'phase id', problems);
  });
  const stepIds = new Map<string, PlanPath>();
  for (const { step, path } of steps) unique(stepIds, step.id, [...path, 'id'], 'step id', problems);
  const criteria = new Map<string, PlanPath>();
  plan.rollback?.criteria.forEach((criterion, i) => {
    unique(criteria, criterion.id, ['rollback', 'criteria', i, 'id'], 'criterion id', problems);
  });
}

function unique(
  seen: Map<string, PlanPath>,
  id: string,
  path: PlanPath,
  what: string,
  problems: PathProblem[],
) {
  const first = seen.get(id);
  if (first) {
    problems.push({
      path,
      target: 'value',
      message: `duplicate ${what} "${id}" (already used at ${formatPath(first)})`,
    });
  } else seen.set(id, path);
}

function checkRoles(plan: Plan, steps: PlacedStep[], problems: PathProblem[]): void {
  const roles = Object.keys(plan.roles);
  const check = (owner: string | undefined, path: PlanPath) => {
    if (owner === undefined || Object.hasOwn(plan.roles, owner)) return;
    const hint =
      didYouMean(owner, roles) ||
      (roles.length > 0 ? `; roles are ${roles.join(', ')}` : '; no roles are declared');
    problems.push({ path, target: 'value', message: `no role "${owner}" under roles${hint}` });
  };
  plan.phases.forEach((phase, i) => {
    check(phase.owner, ['phases', i, 'owner']);
  });
  for (const { step, path } of steps) check(step.owner, [...path, 'owner']);
  const signoff = (value: Signoff | undefined, path: PlanPath) => {
    if (value === undefined) return;
    if (typeof value === 'string') check(value, [...path, 'signoff']);
    else
      value.roles.forEach((role, k) => {
        check(role, [...path, 'signoff', 'roles', k]);
      });
  };
  for (const { step, path } of steps) signoff(step.signoff, path);
  signoff(plan.rollback?.signoff, ['rollback']);
  for (const [id, role] of Object.entries(plan.roles)) {
    if (typeof role.logins !== 'string') continue;
    const name = role.logins.slice(1);
    if (!Object.hasOwn(plan.variables, name)) {
      problems.push({
        path: ['roles', id, 'logins'],
        target: 'value',
        message: `no variable ${name} under variables${didYouMean(name, Object.keys(plan.variables))}`,
      });
    }
  }
}

function checkArtifacts(plan: Plan, steps: PlacedStep[], problems: PathProblem[]): void {
  const byId = new Map(steps.map(({ step }) => [step.id, step]));
  plan.artifacts.forEach((artifact, i) => {
    artifact.steps.forEach((id, j) => {
      const path = ['artifacts', i, 'steps', j];
      const step = byId.get(id);
      if (!step) {
        problems.push({
          path,
          target: 'value',
          message: `no step "${id}" in this plan${didYouMean(id, byId.keys())}`,
        });
      } else if (step.kind !== 'command' && step.kind !== 'gate' && step.kind !== 'message') {
        problems.push({
          path,
          target: 'value',
          message: `step "${id}" is a ${step.kind} step: it has no log or message to keep`,
        });
      }
    });
  });
}

const TOO_EASY = new Set(['y', 'yes', 'ok', 'okay', 'n', 'no', 'д', 'да', 'ок', 'confirm', 'sure']);

function checkConfirmWords(plan: Plan, steps: PlacedStep[], problems: PathProblem[]): void {
  const check = (word: string | undefined, path: PlanPath) => {
    if (word === undefined) return;
    if (/[\p{C}]/u.test(word)) {
      problems.push({
        path,
        target: 'value',
        message: 'the confirmation word must be printable characters only',
      });
    } else if (TOO_EASY.has(word.toLowerCase())) {
      problems.push({
        path,
        target: 'value',
        message: `"${word}" is typed by reflex; use a word that names the action, e.g. MIGRATE or ROLLBACK`,
      });
    }
  };
  for (const { step, path } of steps) if (step.kind === 'command') check(step.confirm, [...path, 'confirm']);
  if (plan.rollback) check(plan.rollback.confirm, ['rollback', 'confirm']);
}

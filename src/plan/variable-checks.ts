// Checks of plan variables: declarations (patterns compile, defaults fit, no secret written
// in the plan) and every use — `$NAME` in commands, `{{NAME}}` in texts, hosts, prompts,
// captures — declared, safe where it lands, and never pasted into shell code.
import { unsafeEnvName } from './env-names.js';
import type { PathProblem } from './issues.js';
import { formatPath, type PlanPath } from './positions.js';
import type { Plan, Step } from './schema.js';
import { scanAssignments, scanReferences } from './script-scan.js';
import { didYouMean } from './suggest.js';
import {
  hostListProblem,
  hostVariables,
  isAllowedEnvironmentName,
  patternError,
  quote,
  templateVariables,
  valueProblem,
} from './variables.js';

export interface PlacedStep {
  step: Step;
  path: PlanPath;
}

export function checkVariableDeclarations(plan: Plan, problems: PathProblem[]): void {
  const hosts = hostVariables(plan);
  for (const [name, variable] of Object.entries(plan.variables)) {
    const path = ['variables', name];
    const unsafe = unsafeEnvName(name);
    if (unsafe) {
      problems.push({ path, target: 'key', message: unsafe });
      continue;
    }
    if (variable.pattern !== undefined) {
      const error = patternError(variable.pattern);
      if (error) {
        problems.push({
          path: [...path, 'pattern'],
          target: 'value',
          message: `the pattern does not compile: ${error}`,
        });
        continue;
      }
    }
    if (variable.secret && variable.default !== undefined) {
      problems.push({
        path: [...path, 'default'],
        target: 'value',
        message: 'a secret variable must not have a default: the plan file would hold the secret',
      });
    }
    for (const field of ['default', 'example'] as const) {
      const value = variable[field];
      if (value === undefined || (field === 'default' && variable.secret)) continue;
      const subject = variable.secret ? `the ${field}` : `the ${field} ${quote(value)}`;
      const error =
        valueProblem(variable, value, subject, field === 'default') ??
        (hosts.has(name) ? hostListProblem(`the ${field}`, value) : null);
      if (error) problems.push({ path: [...path, field], target: 'value', message: error });
    }
  }
  if (plan.t0 !== undefined) {
    requireDeclared(plan, plan.t0, ['t0'], 'value', problems);
    const value = plan.variables[plan.t0]?.default;
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      problems.push({
        path: ['variables', plan.t0, 'default'],
        target: 'value',
        message: `T0 must be an ISO date-time such as 2026-12-01T22:00:00+03:00, not "${value}"`,
      });
    }
  }
}

export function checkVariableUses(plan: Plan, steps: PlacedStep[], problems: PathProblem[]): void {
  const reachCommands = new Map<string, PlanPath>();
  const noteCommandUse = (name: string, path: PlanPath) => {
    if (!reachCommands.has(name)) reachCommands.set(name, path);
  };
  const texts = (text: string | undefined, path: PlanPath, shown: boolean) => {
    if (text !== undefined) checkText(plan, text, path, shown, problems);
  };
  plan.phases.forEach((phase, i) => {
    texts(phase.title, ['phases', i, 'title'], true);
    texts(phase.description, ['phases', i, 'description'], true);
  });
  texts(plan.title, ['title'], true);
  texts(plan.description, ['description'], true);
  plan.rollback?.criteria.forEach((criterion, i) => {
    texts(criterion.text, ['rollback', 'criteria', i, 'text'], true);
  });
  for (const { step, path } of steps) {
    texts(step.title, [...path, 'title'], true);
    texts(step.description, [...path, 'description'], true);
    switch (step.kind) {
      case 'manual':
        step.items.forEach((item, k) => {
          texts(item, [...path, 'items', k], true);
        });
        break;
      case 'note':
        texts(step.text, [...path, 'text'], true);
        break;
      case 'prompt':
        requireDeclared(plan, step.variable, [...path, 'variable'], 'value', problems);
        break;
      case 'message':
        texts(step.template, [...path, 'template'], true);
        texts(step.channel, [...path, 'channel'], true);
        if (step.send) checkScript(plan, step.send, [...path, 'send'], new Set(), problems, noteCommandUse);
        break;
      case 'command':
      case 'gate': {
        const envNames = new Set(Object.keys(step.env ?? {}));
        checkScript(plan, step.run, [...path, 'run'], envNames, problems, noteCommandUse);
        if (step.kind === 'command' && step.health) {
          checkScript(plan, step.health, [...path, 'health'], envNames, problems, noteCommandUse);
        }
        if (step.kind === 'command' && step.verify) {
          checkScript(plan, step.verify, [...path, 'verify'], envNames, problems, noteCommandUse);
        }
        if (step.kind === 'command' && step.capture) {
          requireDeclared(plan, step.capture, [...path, 'capture'], 'value', problems);
        }
        texts(step.cwd, [...path, 'cwd'], false);
        for (const [key, value] of Object.entries(step.env ?? {})) {
          const envPath = [...path, 'env', key];
          const unsafe = key.startsWith('RC_')
            ? `RC_* names are set by release-cockpit itself; rename "${key}"`
            : unsafeEnvName(key);
          if (unsafe) problems.push({ path: envPath, target: 'key', message: unsafe });
          texts(value, envPath, false);
          for (const name of templateVariables(value)) noteCommandUse(name, envPath);
        }
        checkHosts(plan, step.hosts, [...path, 'hosts'], problems);
        break;
      }
    }
  }
  for (const [name, usedAt] of reachCommands) {
    const variable = plan.variables[name];
    if (!variable || variable.pattern !== undefined || variable.freeText) continue;
    problems.push({
      path: ['variables', name],
      target: 'key',
      message: `${name} reaches a command (${formatPath(usedAt)}) but has no pattern; add a pattern that allows only safe values, or set freeText: true`,
    });
  }
}

/** A command: `$NAME` must be declared (or known), `{{NAME}}` must not be there at all. */
function checkScript(
  plan: Plan,
  script: string,
  path: PlanPath,
  envNames: Set<string>,
  problems: PathProblem[],
  noteCommandUse: (name: string, path: PlanPath) => void,
): void {
  for (const name of templateVariables(script)) {
    problems.push({
      path,
      target: 'value',
      needle: `{{`,
      message: `{{${name}}} in a command would paste the value into shell code; values reach commands as environment variables: write "$${name}"`,
    });
  }
  const assigned = scanAssignments(script);
  const reported = new Set<string>();
  for (const ref of scanReferences(script)) {
    const name = ref.name;
    if (Object.hasOwn(plan.variables, name)) {
      noteCommandUse(name, path);
      continue;
    }
    if (assigned.has(name) || envNames.has(name) || isAllowedEnvironmentName(name) || reported.has(name))
      continue;
    reported.add(name);
    const hint = didYouMean(name, Object.keys(plan.variables));
    problems.push({
      path,
      target: 'value',
      needle: ref.text,
      message: `${ref.text.startsWith('${') ? `\${${name}}` : `$${name}`} is not a declared variable${hint}; declare it under variables, set it in env, or assign it in the script`,
    });
  }
}

/** Text shown to people or used as data: `{{NAME}}` must be declared; secrets never shown. */
function checkText(plan: Plan, text: string, path: PlanPath, shown: boolean, problems: PathProblem[]): void {
  for (const name of templateVariables(text)) {
    const variable = plan.variables[name];
    if (!variable) {
      problems.push({
        path,
        target: 'value',
        needle: `{{`,
        message: `{{${name}}} is not a declared variable${didYouMean(name, Object.keys(plan.variables))}`,
      });
    } else if (variable.secret && shown) {
      problems.push({
        path,
        target: 'value',
        needle: `{{`,
        message: `{{${name}}} is a secret; this text is shown on screen and in the report, so it would leak`,
      });
    }
  }
}

function checkHosts(
  plan: Plan,
  hosts: string | string[] | undefined,
  path: PlanPath,
  problems: PathProblem[],
): void {
  if (hosts === undefined) return;
  if (Array.isArray(hosts)) {
    hosts.forEach((host, i) => {
      if (/^-|\s/.test(host)) {
        problems.push({
          path: [...path, i],
          target: 'value',
          message: `"${host}" is not a host name (no spaces, no leading "-")`,
        });
      }
    });
    return;
  }
  const name = hosts.slice(1);
  if (!requireDeclared(plan, name, path, 'value', problems)) return;
  if (plan.variables[name]?.pattern === undefined) {
    problems.push({
      path,
      target: 'value',
      message: `${name} names ssh hosts but has no pattern; host names become ssh arguments, so give it one such as [a-z0-9.-]+(?:[ ,]+[a-z0-9.-]+)*`,
    });
  }
}

function requireDeclared(
  plan: Plan,
  name: string,
  path: PlanPath,
  target: 'value' | 'key',
  problems: PathProblem[],
): boolean {
  if (Object.hasOwn(plan.variables, name)) return true;
  problems.push({
    path,
    target,
    message: `${name} is not a declared variable${didYouMean(name, Object.keys(plan.variables))}; declare it under variables`,
  });
  return false;
}

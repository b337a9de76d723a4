// Plan variables: where they are used, how values are checked, how texts are rendered and how
// secrets are kept out of output. Values reach commands only as environment variables, so the
// checks here are about data (pattern, control characters, option injection), never quoting.
//
// Value rules (validateVariableValue):
// - NUL is always rejected (an environment variable cannot carry it);
// - other control characters (ESC, CR, DEL, C1 …) are always rejected: they would rewrite the
//   operator's screen and the journal; newline and tab are allowed only for `freeText` variables;
// - a leading "-" is rejected unless the variable is `freeText` (option injection: `--upload-pack=…`);
// - a value longer than 4096 characters (64 KiB for `freeText`) is rejected;
// - with a `pattern`, the whole value must match `^(?:pattern)$` (unicode mode).
//
// Over 300 lines because the value rules, the reference scanner's use and the secret masking
// must agree with each other; they are kept together so a rule change is seen whole.

import { ProblemsError } from '../errors.js';
import type { Plan, Variable } from './schema.js';
import { VARIABLE_NAME_PATTERN } from './schema.js';
import { scanAssignments, scanReferences } from './script-scan.js';
import { MASK } from './secret-mask.js';
import { didYouMean } from './suggest.js';

export const MAX_VALUE_LENGTH = 4096;
export const MAX_FREE_TEXT_LENGTH = 64 * 1024;

/**
 * Environment names a command may read without declaring them: the login environment the
 * runner passes through, bash's own variables, and RC_* which the runner sets for each step.
 */
const ALLOWED_ENVIRONMENT = new Set([
  'HOME',
  'PATH',
  'USER',
  'LOGNAME',
  'SHELL',
  'PWD',
  'OLDPWD',
  'TMPDIR',
  'LANG',
  'LANGUAGE',
  'TERM',
  'TZ',
  'HOSTNAME',
  'HOSTTYPE',
  'UID',
  'EUID',
  'PPID',
  'RANDOM',
  'SECONDS',
  'LINENO',
  'IFS',
  'REPLY',
  'OPTARG',
  'OPTIND',
  'PIPESTATUS',
  'FUNCNAME',
  'COLUMNS',
  'LINES',
  'EPOCHSECONDS',
  'EPOCHREALTIME',
  'BASHPID',
  'SSH_CONNECTION',
  'SSH_CLIENT',
  'SSH_AUTH_SOCK',
  'NO_COLOR',
  'FORCE_COLOR',
  'CI',
]);

export function isAllowedEnvironmentName(name: string): boolean {
  return ALLOWED_ENVIRONMENT.has(name) || /^(?:RC_|LC_|BASH_?)[A-Z0-9_]*$/.test(name);
}

/**
 * Upper-case variables a bash script expands and does not assign itself (`NAME=`, `export
 * NAME=`, `read NAME`, `for NAME in` …), in order of first use. Single-quoted text, comments
 * and escaped `\$` are not expansions.
 */
export function commandVariables(script: string): string[] {
  const assigned = scanAssignments(script);
  const names = scanReferences(script)
    .map((ref) => ref.name)
    .filter((name) => !assigned.has(name));
  return [...new Set(names)];
}

const TEMPLATE_REFERENCE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names used as `{{NAME}}` (spaces inside the braces allowed), as written, in order. */
export function templateVariables(text: string): string[] {
  return [...new Set([...text.matchAll(TEMPLATE_REFERENCE)].map((match) => match[1] as string))];
}

/**
 * `{{NAME}}` replaced by its value; names in `mask` (secrets) become MASK; names without a
 * value are left as written so a reader sees what is missing.
 */
export function renderTemplate(
  text: string,
  values: Record<string, string>,
  opts: { mask?: Set<string> } = {},
): string {
  return text.replace(TEMPLATE_REFERENCE, (whole, name: string) => {
    if (opts.mask?.has(name)) return MASK;
    return Object.hasOwn(values, name) ? (values[name] as string) : whole;
  });
}

/** The pattern as the loader and the prompt apply it: whole value, unicode mode. */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** Why a pattern does not compile, or null. */
export function patternError(pattern: string): string | null {
  try {
    compilePattern(pattern);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^Invalid regular expression: \/.*\/u?: /s, '');
  }
}

/** Why `value` is not acceptable for variable `name` (one line naming the variable), or null. */
export function validateVariableValue(plan: Plan, name: string, value: string): string | null {
  const variable = plan.variables[name];
  if (!variable)
    return `${name} is not a variable of this plan${didYouMean(name, Object.keys(plan.variables))}`;
  const problem = checkValue(name, variable, value);
  if (problem || !hostVariables(plan).has(name)) return problem;
  return hostListProblem(name, value);
}

/** One ssh destination: `host`, `user@host`, `10.0.0.1`, `[::1]`; never an option. */
const HOST_NAME = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*@)?(?:[A-Za-z0-9_][A-Za-z0-9_.-]*|\[[0-9A-Fa-f:.]+\])$/;

/** The hosts in a `hosts: "$VAR"` value: separated by spaces and/or commas. */
export function splitHosts(value: string): string[] {
  return value.split(/[\s,]+/).filter((host) => host !== '');
}

/** Why a host list value cannot be used as ssh destinations, or null. */
export function hostListProblem(name: string, value: string): string | null {
  const hosts = splitHosts(value);
  if (hosts.length === 0) return `${name}: names no host`;
  const bad = hosts.find((host) => !HOST_NAME.test(host));
  return bad === undefined
    ? null
    : `${name}: ${quote(bad)} is not a host name (letters, digits, ".", "-", "_", optionally user@; no leading "-")`;
}

/** Variables that name ssh hosts (`hosts: "$VAR"`). */
export function hostVariables(plan: Plan): Set<string> {
  const names = new Set<string>();
  const steps = [...plan.phases.flatMap((phase) => phase.steps), ...(plan.rollback?.steps ?? [])];
  for (const step of steps) {
    if ((step.kind === 'command' || step.kind === 'gate') && typeof step.hosts === 'string') {
      names.add(step.hosts.slice(1));
    }
  }
  return names;
}

/**
 * The value rules for one variable definition, without plan context. Prefer
 * validateVariableValue, which also checks variables used as `hosts: "$VAR"`.
 */
export function checkValue(name: string, variable: Variable, value: string): string | null {
  if (variable.required && value === '') return `${name}: needs a value (${variable.description})`;
  const subject = variable.secret ? 'the value' : `the value ${quote(value)}`;
  const problem = valueProblem(variable, value, subject, true);
  return problem === null ? null : `${name}: ${problem}`;
}

/**
 * Why `value` does not fit `variable`, phrased about `subject` ("the value "x"", "the default
 * "x""), or null. `withExample` adds the variable's example to a pattern mismatch.
 */
export function valueProblem(
  variable: Variable,
  value: string,
  subject: string,
  withExample: boolean,
): string | null {
  const limit = variable.freeText ? MAX_FREE_TEXT_LENGTH : MAX_VALUE_LENGTH;
  if (value.length > limit)
    return `${subject} is ${value.length} characters long; at most ${limit} are allowed`;
  if (value.includes('\0')) return `${subject} contains a NUL character, which cannot reach a command`;
  const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(value);
  if (control) {
    return `${subject} contains the control character U+${codePoint(control[0])}; control characters are not allowed`;
  }
  if (!variable.freeText && /[\n\t]/.test(value)) {
    return `${subject} spans several lines or holds a tab; only a freeText variable may`;
  }
  if (!variable.freeText && value.startsWith('-')) {
    return `${subject} starts with "-" and could be taken for a command option`;
  }
  if (variable.pattern !== undefined && !patternMatches(variable.pattern, value)) {
    const example =
      withExample && variable.example !== undefined && !variable.secret
        ? `, for example ${quote(variable.example)}`
        : '';
    return `${subject} does not match the pattern ${variable.pattern}${example}`;
  }
  return null;
}

function patternMatches(pattern: string, value: string): boolean {
  try {
    return compilePattern(pattern).test(value);
  } catch {
    return false;
  }
}

function codePoint(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

export function quote(value: string): string {
  const json = JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  return `"${json.slice(1, -1)}"`;
}

export interface ResolvedVariables {
  /** Given values, then defaults; only valid ones. */
  values: Record<string, string>;
  /** Required variables with neither a value nor a default nor a later source. */
  missing: string[];
  /** Variables without a value yet that a prompt step or a capture will set during the run. */
  deferred: string[];
  /** One line per unknown name or invalid value. */
  errors: string[];
}

export function resolveVariables(plan: Plan, given: Record<string, string>): ResolvedVariables {
  const result: ResolvedVariables = { values: {}, missing: [], deferred: [], errors: [] };
  const declared = Object.keys(plan.variables);
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(plan.variables, name)) {
      result.errors.push(`${name} is not a variable of this plan${didYouMean(name, declared)}`);
    }
  }
  const later = laterSetVariables(plan);
  const hosts = hostVariables(plan);
  for (const [name, variable] of Object.entries(plan.variables)) {
    const value = Object.hasOwn(given, name) ? given[name] : variable.default;
    if (value === undefined) {
      if (later.has(name)) result.deferred.push(name);
      else if (variable.required) result.missing.push(name);
      continue;
    }
    const problem =
      checkValue(name, variable, value) ?? (hosts.has(name) ? hostListProblem(name, value) : null);
    if (problem) result.errors.push(problem);
    else result.values[name] = value;
  }
  return result;
}

/** Variables a prompt step asks for or a command step captures. */
export function laterSetVariables(plan: Plan): Set<string> {
  const names = new Set<string>();
  const steps = [...plan.phases.flatMap((phase) => phase.steps), ...(plan.rollback?.steps ?? [])];
  for (const step of steps) {
    if (step.kind === 'prompt') names.add(step.variable);
    if (step.kind === 'command' && step.capture) names.add(step.capture);
  }
  return names;
}

export function secretNames(plan: Plan): Set<string> {
  return new Set(
    Object.entries(plan.variables)
      .filter(([, variable]) => variable.secret)
      .map(([name]) => name),
  );
}

/** Every occurrence of each non-empty secret value replaced by MASK (longest first). */
export function maskSecrets(text: string, secretValues: string[]): string {
  const secrets = [...new Set(secretValues.filter((value) => value !== ''))].sort(
    (a, b) => b.length - a.length,
  );
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join(MASK);
  return masked;
}

/** `--var NAME=VALUE` arguments as a map; every malformed one reported (exit 2). */
export function parseVarArgs(args: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const arg of args) {
    const equals = arg.indexOf('=');
    if (equals < 0) {
      problems.push(`--var ${quote(arg)}: expected NAME=VALUE, e.g. --var RELEASE_TAG=v2.0.0`);
      continue;
    }
    const name = arg.slice(0, equals);
    if (!VARIABLE_NAME_PATTERN.test(name)) {
      problems.push(
        `--var ${quote(name)}: a variable name is upper case letters, digits and "_", e.g. RELEASE_TAG`,
      );
    } else if (Object.hasOwn(values, name)) {
      problems.push(`--var ${name}: given more than once`);
    } else {
      values[name] = arg.slice(equals + 1);
    }
  }
  if (problems.length > 0) throw new ProblemsError(problems);
  return values;
}

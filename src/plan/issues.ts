// zod issues in plain words: each becomes {path, target, message} for the loader to place at
// a line and column. Unknown keys get "did you mean …" from the keys the schema knows there.
// Over 300 lines because it is one table of zod issue kinds and their words.
import { type core, z } from 'zod';
import type { PlanPath, Target } from './positions.js';
import { suggest } from './suggest.js';

export interface PathProblem {
  path: PlanPath;
  target: Target;
  message: string;
  /** A text inside the node to point at (e.g. `$NAME` in a script). */
  needle?: string;
}

type Issue = core.$ZodIssue;

/** The problems for a failed parse of `data` against `schema`, one per issue (some merged). */
export function describeIssues(issues: readonly Issue[], schema: z.ZodType, data: unknown): PathProblem[] {
  const problems = issues.flatMap((issue) => describe(issue, issue.path as PlanPath, schema, data));
  // An unknown key that is a typo of a missing required one says both things at once.
  const suggested = new Set(
    problems.filter((p) => p.target === 'key' && p.message.includes('did you mean')).map(typoTarget),
  );
  return problems.filter((p) => !(p.target === 'parent' && suggested.has(pathKey(p.path))));
}

function typoTarget(problem: PathProblem): string {
  const match = /did you mean "([^"]+)"/.exec(problem.message);
  return pathKey([...problem.path.slice(0, -1), match?.[1] ?? '']);
}

function pathKey(path: PlanPath): string {
  return JSON.stringify(path);
}

function describe(issue: Issue, path: PlanPath, schema: z.ZodType, data: unknown): PathProblem[] {
  const value = isSecretValue(path, data) ? HIDDEN : valueAt(data, path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return [missing(path, schema, data)];
      if (value === null)
        return [{ path, target: 'value', message: `is empty; it must be ${typeWords(issue.expected)}` }];
      return [
        { path, target: 'value', message: typeMismatch(issue.expected, value, schemaAt(schema, path, data)) },
      ];
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey([...path, key], schema, data));
    case 'invalid_union':
      return describeUnion(issue, path, schema, data, value);
    case 'invalid_key':
      return issue.issues.map((inner) => ({
        path,
        target: 'key' as const,
        message: `the name ${JSON.stringify(String(path[path.length - 1]))} ${innerMessage(inner)}`,
      }));
    case 'too_small':
      return [
        { path, target: 'value', message: sizeMessage('at least', issue.origin, issue.minimum, value) },
      ];
    case 'too_big':
      return [{ path, target: 'value', message: sizeMessage('at most', issue.origin, issue.maximum, value) }];
    case 'invalid_format':
      return [{ path, target: 'value', message: `${issue.message}, not ${describeValue(value)}` }];
    case 'invalid_value':
      return [
        {
          path,
          target: 'value',
          message: `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, not ${describeValue(value)}`,
        },
      ];
    default:
      return [{ path, target: 'value', message: issue.message }];
  }
}

function missing(path: PlanPath, schema: z.ZodType, data: unknown): PathProblem {
  const key = String(path[path.length - 1]);
  const parentValue = valueAt(data, path.slice(0, -1));
  const kind =
    isRecord(parentValue) && typeof parentValue.kind === 'string' ? ` of a ${parentValue.kind} step` : '';
  const known = knownKeys(schema, path.slice(0, -1), data);
  const hint = key === 'kind' && known.length === 0 ? ` (one of ${stepKinds(schema, path, data)})` : '';
  return { path, target: 'parent', message: `the required key "${key}"${kind} is missing${hint}` };
}

function unknownKey(path: PlanPath, schema: z.ZodType, data: unknown): PathProblem {
  const key = String(path[path.length - 1]);
  const known = knownKeys(schema, path.slice(0, -1), data);
  const match = suggest(key, known);
  const hint =
    match !== undefined
      ? ` (did you mean "${match}"?)`
      : known.length > 0
        ? `; known keys: ${known.join(', ')}`
        : '';
  return { path, target: 'key', message: `unknown key "${key}"${hint}` };
}

function describeUnion(
  issue: core.$ZodIssueInvalidUnion,
  path: PlanPath,
  schema: z.ZodType,
  data: unknown,
  value: unknown,
): PathProblem[] {
  if ('discriminator' in issue && issue.discriminator !== undefined) {
    const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
    if (value === undefined) {
      return [
        {
          path,
          target: 'parent',
          message: `the required key "kind" is missing (one of ${options.join(', ')})`,
        },
      ];
    }
    const hint = typeof value === 'string' ? (suggest(value, options) ?? '') : '';
    return [
      {
        path,
        target: 'value',
        message: `unknown step kind ${describeValue(value)}${hint ? ` (did you mean "${hint}"?)` : ''}; kinds are ${options.join(', ')}`,
      },
    ];
  }
  // A branch that got past the type check is what the author meant: report its own problems.
  const branches = issue.errors.filter((branch) => !branch.every((inner) => isTypeMismatchAtRoot(inner)));
  const chosen = branches[0];
  if (chosen) {
    return chosen.flatMap((inner) => describe(inner, [...path, ...(inner.path as PlanPath)], schema, data));
  }
  const expected = issue.errors.flatMap((branch) =>
    branch.filter((inner) => inner.code === 'invalid_type').map((inner) => typeWords(inner.expected)),
  );
  if (value === undefined) return [missing(path, schema, data)];
  return [
    {
      path,
      target: 'value',
      message: `must be ${unique(expected).join(' or ')}, not ${describeValue(value)}`,
    },
  ];
}

/**
 * A number or boolean where text belongs: YAML read `30` or `yes` as a non-string. Say what
 * the text must look like (the field's own rule), or that quotes make it text.
 */
function typeMismatch(expected: string, value: unknown, field: z.ZodType | undefined): string {
  const base = `must be ${typeWords(expected)}, not ${describeValue(value)}`;
  if (expected !== 'string' || (typeof value !== 'number' && typeof value !== 'boolean') || !field)
    return base;
  const asText = field.safeParse(String(value));
  if (asText.success) return `${base}; write it in quotes: "${String(value)}"`;
  const rule = asText.error.issues.find((inner) => inner.code === 'invalid_format');
  return rule ? `${rule.message}, not ${describeValue(value)}` : base;
}

function isTypeMismatchAtRoot(issue: Issue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

function innerMessage(issue: Issue): string {
  return issue.code === 'invalid_format' || issue.code === 'custom'
    ? issue.message
    : issue.message.toLowerCase();
}

function sizeMessage(bound: string, origin: string, limit: number | bigint, value: unknown): string {
  if (origin === 'string')
    return Number(limit) === 1 && bound === 'at least'
      ? 'must not be empty'
      : `must be ${bound} ${limit} characters long`;
  if (origin === 'array') {
    return Array.isArray(value) && value.length === 0 && bound === 'at least'
      ? `must list at least ${limit} item${Number(limit) === 1 ? '' : 's'}, but the list is empty`
      : `must list ${bound} ${limit} item${Number(limit) === 1 ? '' : 's'}`;
  }
  return `must be ${bound} ${limit}, not ${describeValue(value)}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of keys',
  record: 'a map of keys',
  null: 'empty',
};

function typeWords(expected: string): string {
  return TYPE_WORDS[expected] ?? expected;
}

/** Stands for a value a problem line must not repeat (a secret's default or example). */
const HIDDEN = Symbol('hidden');

/** `variables.NAME.default` / `.example` of a variable marked secret. */
function isSecretValue(path: PlanPath, data: unknown): boolean {
  if (path.length !== 3 || path[0] !== 'variables' || (path[2] !== 'default' && path[2] !== 'example'))
    return false;
  const variable = valueAt(data, path.slice(0, 2));
  return isRecord(variable) && variable.secret === true;
}

/** A short, safe rendering of what the author wrote. */
export function describeValue(value: unknown): string {
  if (value === HIDDEN) return 'the value given (not shown: the variable is secret)';
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `"${clip(JSON.stringify(value).slice(1, -1))}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueAt(data: unknown, path: PlanPath): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

/** The keys the schema allows for the object at `path` (given the data, for step kinds). */
export function knownKeys(schema: z.ZodType, path: PlanPath, data: unknown): string[] {
  const object = schemaAt(schema, path, data);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

function stepKinds(schema: z.ZodType, path: PlanPath, data: unknown): string {
  const union = unwrap(schemaAt(schema, path.slice(0, -1), data, true));
  if (!(union instanceof z.ZodUnion)) return '';
  return (union.options as readonly z.ZodType[])
    .map((option) => kindOf(option))
    .filter(Boolean)
    .join(', ');
}

function schemaAt(
  schema: z.ZodType,
  path: PlanPath,
  data: unknown,
  keepUnion = false,
): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (let i = 0; i <= path.length && current; i++) {
    current = unwrap(current);
    if (current instanceof z.ZodUnion && !(keepUnion && i === path.length)) {
      current = pickOption(current, valueAt(data, path.slice(0, i)));
    }
    if (i === path.length || !current) break;
    const segment = path[i] as string | number;
    if (current instanceof z.ZodObject)
      current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else current = undefined;
  }
  return current;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let i = 0; i < 8 && current; i++) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap() as z.ZodType;
    } else break;
  }
  return current;
}

/** The union member the data is meant for: the step kind it names, or the first object option. */
function pickOption(union: z.ZodUnion, value: unknown): z.ZodType | undefined {
  const options = union.options as readonly z.ZodType[];
  if (isRecord(value) && typeof value.kind === 'string') {
    const byKind = options.find((option) => kindOf(option) === value.kind);
    if (byKind) return byKind;
  }
  return options.find((option) => unwrap(option) instanceof z.ZodObject) ?? options[0];
}

function kindOf(option: z.ZodType): string {
  const object = unwrap(option);
  if (!(object instanceof z.ZodObject)) return '';
  const kind = (object.shape as Record<string, z.ZodType>).kind;
  return kind instanceof z.ZodLiteral ? String(kind.value) : '';
}

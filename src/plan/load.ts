// Reading a plan file: bytes → text → YAML (with positions) → schema → semantic checks.
// Every problem becomes one line `FILE:LINE:COL: PATH: message`; all of them are collected and
// thrown together as a ProblemsError (exit 2). No input may end in a stack trace.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ProblemsError } from '../errors.js';
import { sha256Hex } from '../sys/hash.js';
import { checkPlan } from './checks.js';
import { describeIssues, type PathProblem } from './issues.js';
import { formatPath, PositionIndex, type Problem } from './positions.js';
import { type Plan, PlanSchema } from './schema.js';
import { inspectTree } from './tree-checks.js';

/** Plans are hand-written text; anything larger is a mistake (or an attack on the parser). */
export const MAX_PLAN_BYTES = 1024 * 1024;
/** How many alias expansions a plan may use before we call it an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export interface LoadedPlan {
  plan: Plan;
  /** Absolute path of the plan file. */
  path: string;
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
  text: string;
}

export async function loadPlanFile(file: string): Promise<LoadedPlan> {
  const absolute = path.resolve(file);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw fileProblem(file, fsReason(error));
  }
  if (info.isDirectory()) throw fileProblem(file, 'is a directory, not a plan file');
  if (!info.isFile()) throw fileProblem(file, 'is not a regular file');
  if (info.size > MAX_PLAN_BYTES) throw fileProblem(file, tooLarge(info.size));
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw fileProblem(file, fsReason(error));
  }
  return loadPlanBytes(bytes, file);
}

/** A plan from the file's bytes (checked to be UTF-8 text first). */
export function loadPlanBytes(bytes: Uint8Array, file: string): LoadedPlan {
  if (bytes.length > MAX_PLAN_BYTES) throw fileProblem(file, tooLarge(bytes.length));
  const loose = new TextDecoder('utf-8').decode(bytes);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const at = textPosition(new TextDecoder('utf-8').decode(bytes.subarray(0, nul)), -1);
    throw problemsError(file, [
      { ...at, message: 'this is not a text file (it holds a NUL byte); a plan is UTF-8 YAML' },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = textPosition(loose, loose.indexOf('\uFFFD'));
    throw problemsError(file, [
      { ...at, message: 'the file is not UTF-8 text (an invalid byte sequence); save it as UTF-8' },
    ]);
  }
  return parsePlan(text, file, hashBytes(bytes));
}

/** A plan from text already in memory; `file` names it in problems and becomes `path`. */
export function loadPlanText(text: string, file: string): LoadedPlan {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > MAX_PLAN_BYTES) throw fileProblem(file, tooLarge(bytes.length));
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    throw problemsError(file, [
      {
        ...textPosition(text, nul),
        message: 'this is not a text file (it holds a NUL byte); a plan is UTF-8 YAML',
      },
    ]);
  }
  return parsePlan(text, file, hashBytes(bytes));
}

function parsePlan(rawText: string, file: string, sha256: string): LoadedPlan {
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
    merge: true,
  });
  const index = new PositionIndex(doc, lines, text);
  const syntax = [...doc.errors, ...doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED')].map(
    (error) => {
      const opened = error.code === 'MISSING_CHAR' ? openingQuote(text, error.pos[0], error.message) : -1;
      if (opened >= 0) return { ...index.position(opened), message: 'this quote is never closed' };
      return { ...index.position(error.pos[0]), message: yamlMessage(error.code, error.message) };
    },
  );
  if (syntax.length > 0) throw problemsError(file, syntax);
  const root = doc.contents;
  if (
    root === null ||
    root === undefined ||
    (isEmptyScalar(root) && text.trim().replace(/^---$/m, '') === '')
  ) {
    throw problemsError(file, [
      {
        line: 1,
        col: 1,
        path: 'plan',
        message: 'the file is empty; a plan is a map with id, title, version, language and phases',
      },
    ]);
  }
  const tree = inspectTree(doc, index);
  if (tree.fatal) throw problemsError(file, tree.problems);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    throw problemsError(file, [
      ...tree.problems,
      {
        ...(tree.firstAlias ?? { line: 1, col: 1 }),
        path: 'plan',
        message: `aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies; write the values out instead`,
      },
    ]);
  }
  const parsed = PlanSchema.safeParse(data);
  const pathProblems: PathProblem[] = parsed.success
    ? checkPlan(parsed.data)
    : describeIssues(parsed.error.issues, PlanSchema, data);
  const placed = pathProblems.map((problem) => place(problem, index));
  const problems = [
    ...tree.problems,
    ...placed.filter((problem) => !tree.taggedPaths.has(problem.path ?? '')),
  ];
  if (problems.length > 0 || !parsed.success) throw problemsError(file, problems);
  return { plan: parsed.data, path: path.resolve(file), sha256, text: rawText };
}

function place(problem: PathProblem, index: PositionIndex): Problem {
  return {
    ...index.locate(problem.path, problem.target, problem.needle),
    path: formatPath(problem.path),
    message: problem.message,
  };
}

export function formatProblem(file: string, problem: Problem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}:${problem.col ?? 1}`;
  return problem.path === undefined
    ? `${where}: ${problem.message}`
    : `${where}: ${problem.path}: ${problem.message}`;
}

/** At most this many lines per file: past that, the first ones are what the author needs. */
export const MAX_PROBLEM_LINES = 100;

/** Problems sorted by position (file-wide ones first), duplicates dropped, capped. */
export function problemsError(file: string, problems: Problem[]): ProblemsError {
  const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  let lines = [...new Set(sorted.map((problem) => formatProblem(file, problem)))];
  if (lines.length > MAX_PROBLEM_LINES) {
    const more = lines.length - MAX_PROBLEM_LINES;
    lines = [
      ...lines.slice(0, MAX_PROBLEM_LINES),
      `${file}: ${more} more problem${more === 1 ? '' : 's'} not shown`,
    ];
  }
  return new ProblemsError(lines.length > 0 ? lines : [`${file}: the plan is not valid`]);
}

function fileProblem(file: string, message: string): ProblemsError {
  return new ProblemsError([`${file}: ${message}`]);
}

function tooLarge(size: number): string {
  return `the file is ${(size / 1024 / 1024).toFixed(1)} MiB (${size} bytes); a plan may be at most 1 MiB (${MAX_PLAN_BYTES} bytes)`;
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read it: permission denied';
    case 'ENOTDIR':
      return 'no such file (a part of the path is not a directory)';
    case 'EISDIR':
      return 'is a directory, not a plan file';
    case 'ELOOP':
      return 'cannot read it: too many symbolic links';
    case 'ENAMETOOLONG':
      return 'cannot read it: the name is too long';
    default:
      return `cannot read it: ${code ?? (error instanceof Error ? error.message.split('\n')[0] : String(error))}`;
  }
}

/** Line and column (1-based) of `offset` in `text`; -1 means the end. */
function textPosition(text: string, offset: number): { line: number; col: number } {
  const before = offset < 0 ? text : text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: before.length - lineStart + 1 };
}

function hashBytes(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}

function isEmptyScalar(node: unknown): boolean {
  return (
    typeof node === 'object' &&
    node !== null &&
    'value' in node &&
    (node as { value: unknown }).value === null
  );
}

const YAML_MESSAGES: Record<string, string> = {
  TAB_AS_INDENT: 'a tab is used for indentation; YAML indents with spaces only',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a second "---"); a plan is one document',
  DUPLICATE_KEY: 'this key appears twice in the same map',
  TAG_RESOLVE_FAILED: 'unsupported tag; a plan uses plain YAML values',
};

function yamlMessage(code: string, message: string): string {
  const plain = YAML_MESSAGES[code];
  const first = message.split('\n')[0] ?? message;
  if (/call stack/i.test(first)) return 'the YAML is nested too deeply to read';
  if (code === 'TAG_RESOLVE_FAILED') return `${plain} (${first.replace(/^Unresolved tag: /, '')})`;
  return plain ?? `YAML syntax error (${first.replace(/\.$/, '')})`;
}

/**
 * yaml reports an unclosed quote where the file ends; the author needs the quote that opened
 * it: the last one before that point that is not escaped ("\"" or '').
 */
function openingQuote(text: string, end: number, message: string): number {
  const quote = /closing "quote/.test(message) ? '"' : /closing 'quote/.test(message) ? "'" : '';
  if (!quote) return -1;
  for (let i = Math.min(end, text.length - 1); i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === '"' && text[i - 1] === '\\') continue;
    if (quote === "'" && (text[i - 1] === "'" || text[i + 1] === "'")) {
      i--;
      continue;
    }
    return i;
  }
  return -1;
}

export type { Problem };

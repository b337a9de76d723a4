// A Markdown runbook → a plan (as plain data, for `import` to print as YAML):
// - the first `#` heading is the plan's title, its opening text the description;
// - a heading with steps of its own is a phase (its window from a T-window in it or in a
//   heading above it: "(T−7 ... T−1)", "T0", "T+1..T+7"; T0 when none says);
// - numbered items and checklists are manual steps (an item's nested bullets its checklist,
//   a nested numbered list its sub-steps), a plain bullet list one checklist;
// - fenced bash/sh blocks are command steps (titled by the item or paragraph before them);
// - prose, tables and other code are note steps, so nothing written is lost;
// - a section whose heading says rollback/откат is the rollback path; its "criteria:" item
//   gives the criteria.
// Every step gets `source: FILE:LINE`. A heading with nothing under it is an error at its line.
// It is one file past 300 lines on purpose: the rules of what becomes what read best together.
import { VARIABLE_NAME_PATTERN } from '../plan/schema.js';
import { scanAssignments, scanReferences } from '../plan/script-scan.js';
import { isAllowedEnvironmentName } from '../plan/variables.js';
import { type Block, ImportProblem, type ListItem, parseRunbook, type Section } from './blocks.js';
import { Ids, slug } from './slug.js';

type StepData = Record<string, unknown> & { id: string; kind: string; title: string; source: string };

interface PhaseData {
  id: string;
  title: string;
  window: string;
  source: string;
  steps: StepData[];
}

export interface ImportResult {
  plan: Record<string, unknown>;
  /** Things a reviewer should look at (a window assumed, a variable declared). */
  notes: string[];
}

const SHELL = new Set(['bash', 'sh', 'shell', 'zsh', 'console']);
const ROLLBACK = /(\brollback\b|\broll back\b|откат)/i;
const CRITERIA = /^(?:\*\*)?(?:rollback criteria|criteria|критерии(?: отката)?)\s*:?\s*(?:\*\*)?\s*:?\s*/i;
const TITLE_CHARS = 100;

/** A T-window in a heading: "(T−7 ... T−1)", "T0", "T+1..T+7", "T-2". */
export function windowIn(text: string): string | null {
  const normal = text.replace(/[\u2212\u2013\u2014]/g, '-').replace(/\s*(?:\.{2,3}|…)\s*/g, '..');
  const point = 'T(?:0|[+-][1-9][0-9]?)';
  const match = new RegExp(`(?<![A-Za-z])(${point})(?:\\.\\.(${point}))?(?![0-9A-Za-z])`).exec(normal);
  if (!match) return null;
  return match[2] ? `${match[1]}..${match[2]}` : (match[1] as string);
}

/** Plan text never holds a template by accident: `{{` would name a variable. */
function plain(text: string): string {
  return text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
}

function shortTitle(text: string): string {
  const clean = plain(text).replace(/\*\*/g, '').replace(/:$/, '').trim();
  if (clean.length <= TITLE_CHARS) return clean || '(untitled)';
  return `${clean.slice(0, TITLE_CHARS - 1).trimEnd()}…`;
}

class Importer {
  readonly ids = new Ids();
  readonly phaseIds = new Ids(['rollback']);
  readonly notes: string[] = [];
  readonly variables = new Map<string, number>();
  readonly phases: PhaseData[] = [];
  readonly rollbackSteps: StepData[] = [];
  readonly criteria: { id: string; text: string }[] = [];
  rollbackLine: number | null = null;

  constructor(readonly file: string) {}

  source(line: number): string {
    return `${this.file}:${line}`;
  }

  step(kind: string, title: string, line: number, fields: Record<string, unknown>): StepData {
    const id = this.ids.take(slug(title) || `step-${line}`);
    return { id, kind, title: shortTitle(title), source: this.source(line), ...fields };
  }

  manual(title: string, line: number, items: string[]): StepData {
    const list = items.map((item) => plain(item).trim()).filter(Boolean);
    const step = this.step('manual', title, line, { items: list.length ? list : [shortTitle(title)] });
    // A long title is cut; its whole text stays, in the items or the description.
    if (plain(title).length > TITLE_CHARS && !list.includes(plain(title).trim()))
      step.description = plain(title);
    return step;
  }

  command(title: string, line: number, script: string): StepData {
    const assigned = scanAssignments(script);
    for (const ref of scanReferences(script)) {
      if (
        assigned.has(ref.name) ||
        isAllowedEnvironmentName(ref.name) ||
        !VARIABLE_NAME_PATTERN.test(ref.name)
      )
        continue;
      if (!this.variables.has(ref.name)) this.variables.set(ref.name, line);
    }
    return this.step('command', title, line, { run: script });
  }

  note(title: string, line: number, text: string): StepData {
    return this.step('note', title, line, { text: plain(text) });
  }

  /** The steps of one section's own blocks. */
  blocks(blocks: Block[], heading: string, rollback: boolean): StepData[] {
    const steps: StepData[] = [];
    let prose: { text: string[]; line: number } | null = null;
    const flush = () => {
      if (prose) steps.push(this.note(heading, prose.line, prose.text.join('\n\n')));
      prose = null;
    };
    for (const [i, block] of blocks.entries()) {
      const next = blocks[i + 1];
      switch (block.type) {
        case 'paragraph': {
          // A paragraph right before a fence or a checklist names it.
          if (next && (next.type === 'fence' || (next.type === 'list' && !next.ordered))) continue;
          if (rollback && CRITERIA.test(block.text)) {
            this.addCriteria(block.text, block.line);
            continue;
          }
          prose ??= { text: [], line: block.line };
          prose.text.push(block.text);
          continue;
        }
        case 'fence': {
          flush();
          const before = blocks[i - 1];
          const title =
            before?.type === 'paragraph' ? before.text : `${heading}: ${block.content.split('\n')[0] ?? ''}`;
          steps.push(this.code(block, title));
          continue;
        }
        case 'list': {
          flush();
          const before = blocks[i - 1];
          if (block.ordered) {
            for (const item of block.items) steps.push(...this.item(item, rollback, ''));
          } else {
            const title = before?.type === 'paragraph' ? before.text : heading;
            const line = before?.type === 'paragraph' ? before.line : block.line;
            steps.push(this.bullets(block.items, title, line, rollback));
          }
          continue;
        }
        case 'table':
          flush();
          steps.push(
            this.note(`${heading} (table)`, block.line, block.rows.map((row) => row.join(' | ')).join('\n')),
          );
          continue;
        case 'other':
          prose ??= { text: [], line: block.line };
          prose.text.push(block.text);
          continue;
      }
    }
    flush();
    return steps;
  }

  code(block: Block & { type: 'fence' }, title: string): StepData {
    if (SHELL.has(block.info.toLowerCase())) return this.command(title, block.line, block.content);
    const fence = '```';
    return this.note(title, block.line, `${fence}${block.info}\n${block.content}\n${fence}`);
  }

  bullets(items: ListItem[], title: string, line: number, rollback: boolean): StepData {
    if (rollback && items.some((item) => CRITERIA.test(item.text))) {
      for (const item of items) if (CRITERIA.test(item.text)) this.addCriteria(item.text, item.line);
    }
    return this.manual(
      title,
      line,
      items.map((item) => item.text),
    );
  }

  /** One numbered item: a command (it holds a shell fence), sub-steps, a checklist, or one check. */
  item(item: ListItem, rollback: boolean, prefix: string): StepData[] {
    const text = item.text.replace(/\*\*/g, '').trim();
    if (rollback && CRITERIA.test(text)) {
      this.addCriteria(text, item.line);
      return [];
    }
    const title = prefix ? `${prefix} — ${text}` : text;
    const nested = item.children.find((child) => child.type === 'list' && child.ordered);
    if (nested?.type === 'list') {
      const label = text.replace(/:$/, '');
      return nested.items.flatMap((child) => this.item(child, rollback, label.length <= 40 ? label : ''));
    }
    const fences = item.children.filter(
      (child): child is Block & { type: 'fence' } => child.type === 'fence',
    );
    if (fences.some((fence) => SHELL.has(fence.info.toLowerCase()))) {
      return fences.map((fence, k) => this.code(fence, k === 0 ? title : `${title} (${k + 1})`));
    }
    const bullets = item.children.find((child) => child.type === 'list' && !child.ordered);
    const items = bullets?.type === 'list' ? bullets.items.map((bullet) => bullet.text) : [text];
    const step = this.manual(title, item.line, items);
    const rest = item.children.filter((child) => child !== bullets && child.type === 'paragraph');
    if (rest.length)
      step.description = plain(
        rest.map((child) => (child.type === 'paragraph' ? child.text : '')).join('\n\n'),
      );
    return [step];
  }

  addCriteria(text: string, line: number): void {
    const list = text
      .replace(/\*\*/g, '')
      .replace(CRITERIA, '')
      .split(/[,;]\s*/)
      .map((part) => part.trim().replace(/\.$/, ''))
      .filter(Boolean);
    for (const part of list) {
      this.criteria.push({ id: slug(part) || `criterion-${this.criteria.length + 1}`, text: plain(part) });
    }
    this.rollbackLine ??= line;
  }

  section(section: Section, window: string | null, rollback: boolean): void {
    const inRollback = rollback || ROLLBACK.test(section.title);
    const ownWindow = windowIn(section.title) ?? window;
    const steps = this.blocks(section.blocks, shortTitle(section.title), inRollback);
    if (steps.length === 0 && section.children.length === 0 && !(inRollback && this.criteria.length)) {
      throw new ImportProblem(
        section.line,
        `the heading "${section.title}" has no steps under it (add items or text, or remove it)`,
      );
    }
    if (inRollback) {
      this.rollbackLine ??= section.line;
      this.rollbackSteps.push(...steps);
    } else if (steps.length > 0) {
      if (!ownWindow)
        this.notes.push(
          `${this.source(section.line)}: no T-window in "${section.title}" or above it: T0 assumed`,
        );
      this.phases.push({
        id: this.phaseIds.take(slug(section.title) || `phase-${section.line}`),
        title: shortTitle(section.title),
        window: ownWindow ?? 'T0',
        source: this.source(section.line),
        steps,
      });
    }
    for (const child of section.children) this.section(child, ownWindow, inRollback);
  }
}

function isRussian(text: string): boolean {
  const cyrillic = (text.match(/[\u0400-\u04ff]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return cyrillic > latin;
}

/** `file` is how steps name their source (`RUNBOOK.md` in `source: RUNBOOK.md:12`). */
export function importRunbook(text: string, file: string): ImportResult {
  const root = parseRunbook(text);
  const importer = new Importer(file);
  // One `#` heading on top: the title; its sections are the phases.
  const [first, ...others] = root.children;
  const titled = first && first.level === 1 && others.every((other) => other.level > 1);
  const title = titled ? first.title : file.replace(/\.md$/i, '');
  const top = titled ? [...first.children, ...others] : root.children;
  const intro = [...root.blocks, ...(titled ? first.blocks : [])];
  const description = intro
    .filter((block) => block.type === 'paragraph')
    .map((block) => (block.type === 'paragraph' ? block.text : ''))
    .join('\n\n');
  if (top.length === 0) {
    throw new ImportProblem(
      first?.line ?? 1,
      'no sections: a runbook needs headings (## …) with steps under them',
    );
  }
  for (const section of top) importer.section(section, windowIn(section.title), false);
  if (importer.phases.length === 0) throw new ImportProblem(1, 'no steps outside the rollback section');
  const variables: Record<string, unknown> = {};
  for (const [name, line] of importer.variables) {
    variables[name] = {
      description: `Used by the command at ${file}:${line} (declared by import; give it a tighter pattern)`,
      pattern: '[A-Za-z0-9._/:@+][A-Za-z0-9._/:@+=-]*',
    };
    importer.notes.push(`${file}:${line}: $${name} declared as a variable; check its pattern`);
  }
  const plan: Record<string, unknown> = {
    id: slug(title) || 'imported',
    title: shortTitle(title),
    version: 1,
    language: isRussian(text) ? 'ru' : 'en',
    ...(description ? { description: plain(description) } : {}),
    ...(Object.keys(variables).length ? { variables } : {}),
    phases: importer.phases,
  };
  if (importer.rollbackSteps.length > 0) {
    if (importer.criteria.length === 0) {
      importer.criteria.push({
        id: 'rollback',
        text: `The release must be rolled back (see ${file}:${importer.rollbackLine})`,
      });
    }
    const criteria = new Ids();
    plan.rollback = {
      source: `${file}:${importer.rollbackLine}`,
      criteria: importer.criteria.map((criterion) => ({ ...criterion, id: criteria.take(criterion.id) })),
      steps: importer.rollbackSteps,
    };
  }
  return { plan, notes: importer.notes };
}

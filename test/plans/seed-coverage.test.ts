// The seed plan is complete: every numbered item of the release document's §3–§7 (derived from
// the document itself) is implemented by a step, a rollback criterion or an artifact whose
// `source` names it, and says what the document says (its commands and names, its deadlines).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlanFile } from '../../src/plan/load.js';
import type { Plan, Step } from '../../src/plan/schema.js';
import { ROOT } from '../helpers/cli.js';
import { allSteps, sourcesOf, stepText } from './plan-files.js';
import { codeSpans, inSections, leafItems, parseSeed, type SeedItem } from './seed-outline.js';

const SEED = path.join(ROOT, 'test/fixtures/seed-architecture-2.0.md');
const PLAN = path.join(ROOT, 'plans/architecture-2.0.yaml');

/** Something in the plan that implements seed sections. */
interface Unit {
  what: string;
  kind: Step['kind'] | 'criterion' | 'artifact';
  sources: string[];
  text: string;
  due?: string;
}

function unitsOf(plan: Plan): Unit[] {
  const steps = allSteps(plan);
  const byId = new Map(steps.map((step) => [step.id, step]));
  const units: Unit[] = steps.map((step) => ({
    what: `step ${step.id}`,
    kind: step.kind,
    sources: sourcesOf(step.source),
    text: stepText(step),
    due: step.due,
  }));
  for (const criterion of plan.rollback?.criteria ?? []) {
    units.push({
      what: `criterion ${criterion.id}`,
      kind: 'criterion',
      sources: sourcesOf(criterion.source),
      text: criterion.text,
    });
  }
  for (const artifact of plan.artifacts) {
    const carried = artifact.steps.map((id) => byId.get(id)).filter((step) => step !== undefined);
    units.push({
      what: `artifact "${artifact.title}"`,
      kind: 'artifact',
      sources: sourcesOf(artifact.source),
      text: [artifact.title, ...carried.map(stepText)].join('\n'),
    });
  }
  return units;
}

/** What a seed code span must look like in a plan: `python manage.py x` runs as "$PYTHON" manage.py x. */
function expectedFragments(span: string): string[] {
  return span
    .split('&&')
    .map((part) =>
      part
        .replace(/<[^>]*>/g, '')
        .replace(/^\s*python\s+/, '')
        .trim(),
    )
    .filter((part) => part !== '');
}

describe('the seed document outline', () => {
  const items = parseSeed(readFileSync(SEED, 'utf8'));
  const ids = items.map((item) => item.id);

  it('finds the sections, subsections and nested numbered items', () => {
    expect(ids.slice(0, 4)).toEqual(['1', '2', '3', '3.1']);
    for (const id of ['3.1.1', '3.1.5', '3.2.4', '3.3.3', '3.4.4', '4.1', '4.5', '4.5.1', '4.5.6', '4.7']) {
      expect(ids).toContain(id);
    }
    for (const id of ['5.4', '6.1', '6.2', '6.2.1', '6.2.7', '6.3', '7']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps an item’s bullets and nested lines with it', () => {
    const byId = new Map(items.map((item) => [item.id, item]));
    expect(byId.get('3.1.2')?.text).toContain('python manage.py check');
    expect(byId.get('4.6')?.text).toContain('«просмотрено»');
    expect(byId.get('7')?.text).toContain('ruff');
    expect(byId.get('4.5.6')?.text).toContain('gunicorn/celery/worker');
  });

  it('treats parents as covered through their children', () => {
    const leaves = leafItems(items).map((item) => item.id);
    expect(leaves).toContain('4.5.3');
    expect(leaves).toContain('7');
    expect(leaves).not.toContain('4.5');
    expect(leaves).not.toContain('6.2');
    expect(leaves).not.toContain('3.1');
  });
});

describe('plans/architecture-2.0.yaml covers the seed', () => {
  let plan: Plan;
  let units: Unit[];
  const items = parseSeed(readFileSync(SEED, 'utf8'));
  const required = leafItems(items).filter((item) => inSections(item.id, 3, 7));

  beforeAll(async () => {
    plan = (await loadPlanFile(PLAN)).plan;
    units = unitsOf(plan);
  });

  const covering = (item: SeedItem) => units.filter((unit) => unit.sources.includes(`§${item.id}`));

  it('derives a plausible list of items to cover', () => {
    const ids = required.map((item) => item.id);
    expect(ids.length).toBeGreaterThanOrEqual(40);
    for (const id of ['3.1.3', '3.4.4', '4.4', '4.5.6', '5.2', '6.1', '6.2.7', '6.3', '7']) {
      expect(ids).toContain(id);
    }
    expect(ids.filter((id) => !inSections(id, 3, 7))).toEqual([]);
  });

  it('has a step, criterion or artifact naming every numbered item of §3–§7 as its source', () => {
    const uncovered = required.filter((item) => covering(item).length === 0).map((item) => `§${item.id}`);
    expect(uncovered).toEqual([]);
  });

  it('names only sections that exist in the seed', () => {
    const known = new Set(items.map((item) => `§${item.id}`));
    const named = [
      ...units.flatMap((unit) => unit.sources.map((source) => ({ where: unit.what, source }))),
      ...plan.phases.flatMap((phase) =>
        sourcesOf(phase.source).map((source) => ({ where: `phase ${phase.id}`, source })),
      ),
      ...sourcesOf(plan.rollback?.source).map((source) => ({ where: 'rollback', source })),
    ];
    expect(named.filter(({ source }) => !known.has(source))).toEqual([]);
    expect(named.length).toBeGreaterThan(required.length);
  });

  it('carries every command and name the seed quotes into the steps that implement it', () => {
    const missing: string[] = [];
    for (const item of required) {
      const text = covering(item)
        .map((unit) => unit.text)
        .join('\n');
      for (const span of codeSpans(item.text)) {
        for (const fragment of expectedFragments(span)) {
          if (!text.includes(fragment)) missing.push(`§${item.id}: ${fragment}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('runs the seed’s commands as command steps, announcements as messages, waiting as a gate', () => {
    const wrongKind: string[] = [];
    const demand = (item: SeedItem, kind: Unit['kind']) => {
      if (!covering(item).some((unit) => unit.kind === kind)) wrongKind.push(`§${item.id} needs a ${kind}`);
    };
    for (const item of required) {
      const spans = codeSpans(item.text);
      if (spans.some((span) => /^(python|pip|git|npm|pytest)\b/.test(span))) demand(item, 'command');
      if (/[Оо]повест|[Оо]повещени|[Сс]ообщить|анонс|рассылк|напоминани/.test(item.text)) {
        demand(item, 'message');
      }
      if (/дождаться/.test(item.text)) demand(item, 'gate');
    }
    expect(wrongKind).toEqual([]);
    expect(required.filter((item) => item.id === '7')).toHaveLength(1);
    demand(required.find((item) => item.id === '7') as SeedItem, 'artifact');
    expect(wrongKind).toEqual([]);
  });

  it('keeps the seed’s deadlines as `due`', () => {
    const deadlines: { item: SeedItem; due: string }[] = [];
    for (const item of required) {
      const days = /[Зз]а (\d+) (?:дн|день)/.exec(item.text);
      const hours = /[Зз]а (\d+) час/.exec(item.text);
      const after = /к T\+(\d+)/.exec(item.text);
      if (days) deadlines.push({ item, due: `T-${days[1]}` });
      if (hours) deadlines.push({ item, due: `T0-${hours[1]}h` });
      if (after) deadlines.push({ item, due: `T+${after[1]}` });
    }
    expect(deadlines.length).toBeGreaterThanOrEqual(5);
    const late = deadlines
      .filter(({ item, due }) => !covering(item).some((unit) => unit.due === due))
      .map(({ item, due }) => `§${item.id} due ${due}`);
    expect(late).toEqual([]);
  });

  it('turns each rollback criterion of §6.1 into one criterion, in the seed’s words', () => {
    const section = items.find((item) => item.id === '6.1') as SeedItem;
    const listed = section.text
      .replace(/^\*\*[^*]+\*\*\s*/, '')
      .replace(/\.$/, '')
      .split(',')
      .map((text) => text.trim().toLowerCase());
    expect(listed.length).toBe(4);
    const criteria = (plan.rollback?.criteria ?? []).map((criterion) => criterion.text.toLowerCase());
    expect(criteria.sort()).toEqual([...listed].sort());
  });

  it('takes its roles from §2', () => {
    const section = items.find((item) => item.id === '2') as SeedItem;
    const rows = section.text
      .split('\n')
      .filter((line) => line.startsWith('|') && !/^\|[-\s|]+\|$/.test(line))
      .slice(1)
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim().replace(/`/g, '')),
      );
    expect(rows).toHaveLength(4);
    const roles = Object.values(plan.roles).map((role) => [role.duty, role.owner, role.channel]);
    expect(roles).toEqual(rows);
  });
});

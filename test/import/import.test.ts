// `import`: a Markdown runbook becomes a plan that validates, each construct where it belongs,
// each step naming its line; bad Markdown is one line with the line number.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPlanText } from '../../src/plan/load.js';
import type { Plan, Step } from '../../src/plan/schema.js';
import { runCli } from '../helpers/cli.js';

// Under test/fixtures: the formatter leaves it as written.
const RUNBOOK = path.join(import.meta.dirname, '..', 'fixtures', 'runbook-payments.md');
const SEED = path.join(import.meta.dirname, '..', 'fixtures', 'seed-architecture-2.0.md');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function imported(file: string): { yaml: string; plan: Plan } {
  const result = runCli(['import', file]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  // What `validate` says of it, through the same loader.
  const out = path.join(dir, `${path.basename(file)}.yaml`);
  fs.writeFileSync(out, result.stdout);
  expect(runCli(['validate', out]).code).toBe(0);
  return { yaml: result.stdout, plan: loadPlanText(result.stdout, out).plan };
}

function lineAt(file: string, source: unknown): string {
  const [, line] = String(source).split(':');
  return fs.readFileSync(file, 'utf8').split('\n')[Number(line) - 1] ?? '';
}

const byTitle = (steps: Step[], title: string) => {
  const step = steps.find((s) => s.title === title);
  if (!step) throw new Error(`no step "${title}" in ${steps.map((s) => s.title).join(' | ')}`);
  return step;
};

describe('import', () => {
  it('turns each construct of a runbook into its part of the plan', () => {
    const { plan, yaml } = imported(RUNBOOK);
    expect(yaml.split('\n')[1]).toBe(
      '# Imported from runbook-payments.md by release-cockpit import: review it before running (each step names its line).',
    );
    expect(yaml).toContain(
      '# - runbook-payments.md:19: $RELEASE_TAG declared as a variable; check its pattern',
    );
    expect(plan).toMatchObject({
      id: 'payments-service-4-2-release',
      title: 'Payments service 4.2 release',
      language: 'en',
    });
    // A template-looking text stays text.
    expect(plan.description).toContain('{ {TAG} }');
    expect(plan.phases.map((phase) => [phase.id, phase.window, phase.source])).toEqual([
      ['preparation-t-3-t-1', 'T-3..T-1', 'runbook-payments.md:5'],
      ['build', 'T-3..T-1', 'runbook-payments.md:15'],
      ['release-day-t0', 'T0', 'runbook-payments.md:32'],
      ['after-t-1-t-2', 'T+1..T+2', 'runbook-payments.md:53'],
    ]);
    const [prep, build, release, after] = plan.phases.map((phase) => phase.steps) as [
      Step[],
      Step[],
      Step[],
      Step[],
    ];
    // A checklist is one manual step; numbered items are one each; nested bullets its items.
    expect(prep.map((step) => [step.kind, step.title])).toEqual([
      ['manual', 'Preparation (T−3 … T−1)'],
      ['manual', 'Check the capacity dashboard'],
      ['manual', 'Prepare the database'],
    ]);
    expect(prep[0]).toMatchObject({
      items: ['Change freeze announced', 'Rehearsal booked'],
      source: 'runbook-payments.md:7',
    });
    expect(prep[2]).toMatchObject({
      items: ['Vacuum the ledger table', 'Confirm the replica lag is under a second'],
    });
    // bash fences are commands (titled by the paragraph before them), other code and tables notes.
    expect(build.map((step) => step.kind)).toEqual(['command', 'note', 'note']);
    expect(build[0]).toMatchObject({
      title: 'Build the release artifact',
      run: 'make release TAG="$RELEASE_TAG"\nsha256sum dist/*.tar.gz',
      source: 'runbook-payments.md:19',
    });
    expect(lineAt(RUNBOOK, build[0]?.source)).toBe('```bash');
    expect(plan.variables.RELEASE_TAG).toMatchObject({ pattern: expect.any(String) });
    expect((build[1] as { text: string }).text).toContain('```python');
    expect((build[2] as { text: string }).text).toBe('Host | Role\npay-1 | primary');
    // A numbered item holding a shell fence is a command; nested numbers are sub-steps.
    expect(release.map((step) => [step.kind, step.title])).toEqual([
      ['command', 'Drain the queue'],
      ['manual', 'Deploy — Switch the load balancer'],
      ['manual', 'Deploy — Restart the workers'],
      ['manual', 'Tell support it is done'],
    ]);
    expect(byTitle(release, 'Drain the queue')).toMatchObject({ run: './drain --wait 300' });
    expect(after).toMatchObject([{ kind: 'note', text: 'Watch the error budget for two days.' }]);
    // The rollback section is the rollback path, its criteria line the criteria.
    expect(plan.rollback?.criteria.map((c) => c.text)).toEqual([
      'error rate doubled',
      'payments stuck for 10 minutes',
    ]);
    expect(plan.rollback?.steps.map((step) => [step.kind, step.title])).toEqual([
      ['manual', 'Switch the load balancer back'],
      ['command', 'Restore the previous build'],
    ]);
    // Every step names the line it came from.
    for (const step of [...plan.phases.flatMap((phase) => phase.steps), ...(plan.rollback?.steps ?? [])]) {
      const line = lineAt(RUNBOOK, step.source);
      expect(line.trim().length, `${step.id} → ${step.source}`).toBeGreaterThan(0);
    }
    expect(lineAt(RUNBOOK, byTitle(release, 'Tell support it is done').source)).toBe(
      '3. Tell support it is done',
    );
  });

  it('imports the seed document back into a valid plan of its structure', () => {
    const { plan } = imported(SEED);
    expect(plan.language).toBe('ru');
    expect(plan.title).toBe('План релиза архитектуры 2.0');
    const windows = Object.fromEntries(plan.phases.map((phase) => [phase.title, phase.window]));
    expect(windows).toMatchObject({
      '3.1. Проверка и подготовка миграций данных': 'T-7..T-1',
      '3.4. План коммуникаций': 'T-7..T-1',
      '4. День релиза (T0)': 'T0',
      '5. Пост-релизный контроль (T+1 ... T+7)': 'T+1..T+7',
    });
    const release = plan.phases.find((phase) => phase.window === 'T0' && phase.title.startsWith('4.'));
    expect(release?.steps.map((step) => step.title)).toContain('Деплой — `python manage.py migrate`');
    expect(plan.rollback?.criteria).toHaveLength(4);
    expect(plan.rollback?.steps).toHaveLength(8);
    for (const step of plan.phases.flatMap((phase) => phase.steps)) {
      expect(step.source).toMatch(/^seed-architecture-2\.0\.md:\d+$/);
      expect(lineAt(SEED, step.source).trim()).not.toBe('');
    }
  });

  it('bad Markdown: one line with the file and line', () => {
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const unclosed = write('unclosed.md', '# R\n\n## Build (T0)\n\n```bash\nmake\n\nmore text\n');
    const a = runCli(['import', unclosed]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(
      `release-cockpit: ${unclosed}:5: this \`\`\` fence is never closed; add a line with \`\`\` after its last line\n`,
    );
    const empty = write(
      'empty-heading.md',
      '# R\n\n## One (T0)\n\n1. Do it\n\n## Two\n\n## Three (T+1)\n\nText.\n',
    );
    const b = runCli(['import', empty]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(
      `release-cockpit: ${empty}:7: the heading "Two" has no steps under it (add items or text, or remove it)\n`,
    );
    const none = write('none.md', 'Just text, no headings.\n');
    expect(runCli(['import', none]).stderr).toContain(`${none}:1: no sections`);
    expect(runCli(['import', path.join(dir, 'missing.md')]).stderr).toContain('missing.md: no such file');
    // The output parses as YAML even for awkward text.
    const odd = write('odd.md', '# R\n\n## A: "quoted" #hash (T0)\n\n- [ ] key: value\n- [ ] - dash\n');
    const parsed = parse(runCli(['import', odd]).stdout) as Plan;
    expect(parsed.phases[0]?.steps[0]).toMatchObject({ items: ['key: value', '- dash'] });
  });
});

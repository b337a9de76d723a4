// The plans shipped in plans/: each one loads with the real loader and the CLI validates them
// all; beyond validity they follow the house rules a release engineer relies on.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LoadedPlan, loadPlanFile } from '../../src/plan/load.js';
import { runCli } from '../helpers/cli.js';
import { allSteps, bundledPlanFiles, readPlan, scriptsOf } from './plan-files.js';
import { unquotedReferences } from './script-quoting.js';

const FILES = bundledPlanFiles();
const SCHEMA_LINE = '# yaml-language-server: $schema=plan.schema.json';

function hasPython(): boolean {
  return spawnSync('python3', ['--version']).status === 0;
}

describe('the bundled plans', () => {
  const loaded = new Map<string, LoadedPlan>();

  beforeAll(async () => {
    for (const file of FILES) loaded.set(file, await loadPlanFile(file));
  });

  it('include the seed plan and the demo', () => {
    expect(FILES.map((file) => path.basename(file))).toEqual(
      expect.arrayContaining(['architecture-2.0.yaml', 'demo.yaml']),
    );
  });

  it('pass `release-cockpit validate`', () => {
    const result = runCli(['validate', ...FILES]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const file of FILES) expect(result.stdout).toContain(`${file}: ok`);
  });

  it.each(FILES)('%s begins with the line that points editors at the JSON Schema', (file) => {
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(SCHEMA_LINE);
  });

  it.each(FILES)('%s is what the plain schema reads too', (file) => {
    expect(readPlan(file)).toEqual(loaded.get(file)?.plan);
  });

  it('have distinct ids', () => {
    const ids = [...loaded.values()].map(({ plan }) => plan.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['architecture-2.0', 'demo']));
  });

  it('describe every command step', () => {
    const bare = [...loaded.values()].flatMap(({ plan }) =>
      allSteps(plan)
        .filter((step) => (step.kind === 'command' || step.kind === 'gate') && !step.description?.trim())
        .map((step) => `${plan.id}/${step.id}`),
    );
    expect(bare).toEqual([]);
  });

  it('double-quote every plan variable their scripts expand', () => {
    const unquoted = [...loaded.values()].flatMap(({ plan }) => {
      const names = new Set(Object.keys(plan.variables));
      return allSteps(plan).flatMap((step) =>
        scriptsOf(step).flatMap(({ field, script }) =>
          unquotedReferences(script, names).map((name) => `${plan.id}/${step.id}.${field}: $${name}`),
        ),
      );
    });
    expect(unquoted).toEqual([]);
  });

  it('hold bash that parses', () => {
    const scripts = [...loaded.values()].flatMap(({ plan }) =>
      allSteps(plan).flatMap((step) =>
        scriptsOf(step).map(({ field, script }) => ({ where: `${plan.id}/${step.id}.${field}`, script })),
      ),
    );
    expect(scripts.length).toBeGreaterThanOrEqual(60);
    // One bash reads them all (each as a function body); only if that fails, one by one to name it.
    const all = scripts.map(({ script }, i) => `__plan_script_${i}() {\n${script}\n}\n`).join('');
    if (spawnSync('bash', ['-n'], { input: all }).status === 0) return;
    const broken = scripts
      .map(({ where, script }) => ({
        where,
        check: spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' }),
      }))
      .filter(({ check }) => check.status !== 0)
      .map(({ where, check }) => `${where}: ${check.stderr.trim()}`);
    expect(broken).toEqual([]);
  });

  it.runIf(hasPython())('hold Python (manage.py shell -c) that compiles', () => {
    const snippets = [...loaded.values()].flatMap(({ plan }) =>
      allSteps(plan).flatMap((step) =>
        scriptsOf(step).flatMap(({ script }) =>
          [...script.matchAll(/ shell -c '([^']*)'/g)].map((match) => ({
            where: `${plan.id}/${step.id}`,
            code: match[1] as string,
          })),
        ),
      ),
    );
    expect(snippets.length).toBeGreaterThanOrEqual(8);
    const compileAll = [
      'import json, sys',
      'for where, code in json.load(sys.stdin):',
      '    try:',
      '        compile(code, where, "exec")',
      '    except SyntaxError as error:',
      '        print(where, error)',
    ].join('\n');
    const check = spawnSync('python3', ['-c', compileAll], {
      input: JSON.stringify(snippets.map(({ where, code }) => [where, code])),
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.stdout).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('the quoting reader used above', () => {
  const names = new Set(['TAG', 'HOSTS']);
  it('accepts double-quoted uses, also inside $( … ) and after escapes', () => {
    expect(unquotedReferences('git checkout "$TAG"', names)).toEqual([]);
    expect(unquotedReferences('x="$(git rev-parse "$TAG^{commit}")"', names)).toEqual([]);
    expect(unquotedReferences("echo '$TAG' \\$TAG # $TAG", names)).toEqual([]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash, not a template
    expect(unquotedReferences('read -r -a h <<< "$HOSTS"; (cd /x && echo "${TAG}")', names)).toEqual([]);
  });
  it('reports unquoted uses', () => {
    expect(unquotedReferences('for h in $HOSTS; do :; done', names)).toEqual(['HOSTS']);
    expect(unquotedReferences('x="$(git rev-parse $TAG)"', names)).toEqual(['TAG']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash, not a template
    expect(unquotedReferences('echo "ok" ${TAG}', names)).toEqual(['TAG']);
  });
});

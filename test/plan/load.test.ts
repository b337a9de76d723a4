// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are bash, where ${NAME} is expansion
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemsError } from '../../src/errors.js';
import { loadPlanFile, loadPlanText } from '../../src/plan/load.js';
import { ROOT } from '../helpers/cli.js';

const MINI = 'test/fixtures/plans/mini.yaml';

function problems(text: string): string[] {
  try {
    loadPlanText(text, 'p.yaml');
  } catch (error) {
    if (error instanceof ProblemsError) return error.lines;
    throw error;
  }
  return [];
}

const HEAD = 'id: p\ntitle: P\nversion: 1\nlanguage: en\n';
const command = (run: string, extra = '') =>
  `${HEAD}phases:\n  - id: one\n    title: One\n    window: T0\n    steps:\n      - id: s\n        kind: command\n        title: S\n        run: ${run}\n${extra}`;

describe('loadPlanFile', () => {
  it('returns the plan, its absolute path, the sha256 of its bytes and its text', async () => {
    const loaded = await loadPlanFile(MINI);
    const bytes = readFileSync(path.join(ROOT, MINI));
    expect(loaded.path).toBe(path.resolve(MINI));
    expect(path.isAbsolute(loaded.path)).toBe(true);
    expect(loaded.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(loaded.text).toBe(bytes.toString('utf8'));
    expect(loaded.plan.id).toBe('mini');
    expect(loaded.plan.phases.map((phase) => phase.id)).toEqual(['prepare', 'release']);
  });

  it('fills schema defaults (gate interval, rollback confirm word, variable flags)', async () => {
    const { plan } = await loadPlanFile(MINI);
    expect(plan.rollback?.confirm).toBe('ROLLBACK');
    expect(plan.variables.RELEASE_TAG?.required).toBe(true);
    expect(plan.variables.RELEASE_TAG?.secret).toBe(false);
  });

  it('rejects with a ProblemsError (exit 2), never another error', async () => {
    await expect(loadPlanFile('test/fixtures/no-such-plan.yaml')).rejects.toBeInstanceOf(ProblemsError);
  });
});

describe('loadPlanText', () => {
  it('accepts a byte-order mark and CRLF line ends', () => {
    const text = `\uFEFF${command('echo hi').replace(/\n/g, '\r\n')}`;
    expect(loadPlanText(text, 'p.yaml').plan.phases[0]?.steps[0]?.id).toBe('s');
  });

  it('keeps positions through merge keys and aliases', () => {
    const text = `${HEAD}x-env: &env\n  FOO: bar\n  bad key: 1\nphases:\n  - id: one\n    title: One\n    window: T0\n    steps:\n      - id: s\n        kind: command\n        title: S\n        run: echo\n        env:\n          <<: *env\n`;
    const lines = problems(text);
    expect(lines[0]).toBe(
      'p.yaml:5:1: x-env: unknown key "x-env"; known keys: $schema, id, title, version, language, description, t0, roles, variables, phases, rollback, artifacts, reconnectFor',
    );
    // The bad key is reported where it is written, inside the anchored map.
    expect(lines).toContain(
      'p.yaml:7:3: phases[0].steps[0].env["bad key"]: the name "bad key" must be an upper-case name such as RELEASE_TAG (letters, digits, "_")',
    );
  });

  it('an unknown key that is a typo of a missing one is one problem, not two', () => {
    expect(problems(command('echo').replace('run:', 'rnu:'))).toEqual([
      'p.yaml:13:9: phases[0].steps[0].rnu: unknown key "rnu" (did you mean "run"?)',
    ]);
  });

  it('points at the exact $NAME inside a multi-line block script', () => {
    const lines = problems(command('|\n          echo start\n          echo "value: ${MISSING_VAR}"'));
    expect(lines).toEqual([
      'p.yaml:15:24: phases[0].steps[0].run: ${MISSING_VAR} is not a declared variable; declare it under variables, set it in env, or assign it in the script',
    ]);
  });

  it('allows the runner environment, step env and script assignments in commands', () => {
    const run = '|\n          X_DIR=/tmp; echo "$HOME $PATH $RC_STEP_ID $X_DIR $DJANGO_SETTINGS_MODULE"';
    expect(problems(command(run, '        env:\n          DJANGO_SETTINGS_MODULE: app.settings\n'))).toEqual(
      [],
    );
  });

  it('a secret may reach a command but never a title', () => {
    const vars = "variables:\n  TOKEN:\n    description: T\n    secret: true\n    pattern: '[a-z]+'\n";
    const ok = command(`'curl -H "Authorization: $TOKEN" http://127.0.0.1/'`).replace(HEAD, `${HEAD}${vars}`);
    expect(problems(ok)).toEqual([]);
    const leak = ok.replace('title: S', 'title: Send {{TOKEN}}');
    expect(problems(leak)[0]).toContain(
      '{{TOKEN}} is a secret; this text is shown on screen and in the report',
    );
  });

  it('a variable reaching a command through env needs a pattern too', () => {
    const vars = 'variables:\n  DIR:\n    description: D\n';
    const text = command('ls', '        env:\n          TARGET: "{{DIR}}"\n').replace(HEAD, `${HEAD}${vars}`);
    expect(problems(text)[0]).toContain(
      'variables.DIR: DIR reaches a command (phases[0].steps[0].env.TARGET) but has no pattern',
    );
  });

  it('reports yaml aliases that point nowhere instead of crashing', () => {
    expect(problems(`${HEAD}description: *nothing\n`)[0]).toBe(
      'p.yaml:5:14: description: the alias *nothing has no anchor &nothing before it',
    );
  });
});

// `--vars FILE`: a run's variables as YAML, each value read as the text written and checked
// against the plan where it stands in the file; secrets refused; the rehearsal's answers files
// valid for the plan they are written for.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProblemsError } from '../../src/errors.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { loadVarsFile } from '../../src/plan/vars-file.js';
import { loadAnswers } from '../../src/session/answers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-vars-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const { plan } = await loadPlanFile('plans/architecture-2.0.yaml');

function write(text: string): string {
  const file = path.join(dir, `vars-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

function problems(text: string): string[] {
  const file = write(text);
  try {
    loadVarsFile(file, plan);
  } catch (error) {
    if (error instanceof ProblemsError) return error.lines.map((line) => line.replace(file, 'vars.yaml'));
    throw error;
  }
  return [];
}

describe('loadVarsFile', () => {
  it('reads every value as the text written: 3.10 stays "3.10", no stays "no"', () => {
    const file = write('PYTHON_VERSION: 3.10\nRELEASE_TAG: v2.0.0\nMAINTENANCE_WINDOW: no\n');
    expect(loadVarsFile(file, plan)).toEqual({
      PYTHON_VERSION: '3.10',
      RELEASE_TAG: 'v2.0.0',
      MAINTENANCE_WINDOW: 'no',
    });
  });

  it('places each problem at its line and column: unknown names, values against the pattern', () => {
    expect(problems('RELEASE_TAG: v2.0.0\nAPP_DIRR: /srv/app\nPYTHON: venv/bin/python\n')).toEqual([
      'vars.yaml:2:1: APP_DIRR: not a variable of plan architecture-2.0 (did you mean "APP_DIR"?)',
      'vars.yaml:3:9: PYTHON: the value "venv/bin/python" does not match the pattern /[A-Za-z0-9._/-]+, for example "/srv/inspection/venv/bin/python"',
    ]);
  });

  it('refuses a secret in a file and a value that could be taken for an option', () => {
    expect(problems('NOTIFY_TOKEN: abcdefghijklmnopqrstuvwxyz\nSTAGING_HOST: -oProxyCommand=x\n')).toEqual([
      'vars.yaml:1:15: NOTIFY_TOKEN: NOTIFY_TOKEN is secret: give it with RC_VAR_NOTIFY_TOKEN or --var, not in a file',
      'vars.yaml:2:15: STAGING_HOST: the value "-oProxyCommand=x" starts with "-" and could be taken for a command option',
    ]);
  });

  it('says what is wrong with a file that is not a map of names to text', () => {
    expect(problems('- RELEASE_TAG\n')[0]).toMatch(/^vars\.yaml:1:1: /);
    expect(problems('RELEASE_TAG: [v1]\n')[0]).toMatch(/^vars\.yaml:1:14: RELEASE_TAG: /);
    expect(() => loadVarsFile(path.join(dir, 'missing.yaml'), plan)).toThrow(
      /missing\.yaml: cannot read the variables file \(ENOENT\)/,
    );
  });
});

describe('the rehearsal files', () => {
  it('answer the architecture-2.0 plan (every step and word they name exists)', () => {
    for (const name of ['answers-release.yaml', 'answers-rollback.yaml']) {
      const answers = loadAnswers(path.join('test/rehearsal/env', name), plan);
      expect(answers.steps.get('deploy-migrate')).toEqual({ confirm: 'MIGRATE' });
    }
  });
});

// Real runs of the seed plan's git and migration steps, locally (the runner's ssh fan-out is
// not under test here): a bare "origin", clones standing in for the staging and production
// checkouts, and a stand-in python that knows pip and manage.py's migration commands.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanFile } from '../../src/plan/load.js';
import { findStep } from '../../src/plan/outline.js';
import type { CommandStep, Plan } from '../../src/plan/schema.js';
import { ROOT } from '../helpers/cli.js';
import { runStepScript } from './step-shell.js';

const PLAN = path.join(ROOT, 'plans/architecture-2.0.yaml');
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.org',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.org',
  GIT_CONFIG_NOSYSTEM: '1',
};

describe('plans/architecture-2.0.yaml git and migration steps', () => {
  let plan: Plan;
  let tmp: string;
  let origin: string;
  let prod: string;
  let state: string;
  let python: string;

  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV, HOME: tmp }, encoding: 'utf8' });

  const commitFile = (repo: string, file: string, message: string) => {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), `# ${message}\n`);
    git(repo, 'add', file);
    git(repo, 'commit', '-q', '-m', message);
  };

  const command = (id: string) => {
    const step = findStep(plan, id)?.step;
    if (step?.kind !== 'command') throw new Error(`${id} is not a command step`);
    return step;
  };

  const run = (script: string, cwd: string, values: Record<string, string> = {}) =>
    runStepScript(script, {
      cwd,
      scriptDir: path.join(tmp, 'scripts'),
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: tmp,
        LANG: 'C.UTF-8',
        GIT_CONFIG_NOSYSTEM: '1',
        FAKE_DJANGO_STATE: state,
        PYTHON: python,
        RELEASE_TAG: 'v2.0.0',
        PREVIOUS_TAG: 'v1.9.0',
        ...values,
      },
    });

  const migrations = (lines: string[]) => writeFileSync(state, `${lines.join('\n')}\n`);

  beforeAll(async () => {
    plan = (await loadPlanFile(PLAN)).plan;
    tmp = mkdtempSync(path.join(os.tmpdir(), 'rc-arch-'));
    python = path.join(tmp, 'venv-python');
    copyFileSync(path.join(ROOT, 'test/plans/fake-python.sh'), python);
    chmodSync(python, 0o755);
    state = path.join(tmp, 'migrations.txt');
    origin = path.join(tmp, 'origin.git');
    const dev = path.join(tmp, 'dev');
    git(tmp, 'init', '-q', '--bare', '-b', 'main', origin);
    git(tmp, 'clone', '-q', origin, dev);
    git(dev, 'checkout', '-q', '-b', 'main');
    commitFile(dev, 'audits/migrations/0001_initial.py', 'initial');
    writeFileSync(path.join(dev, 'requirements.txt'), 'Django>=5\n');
    git(dev, 'add', 'requirements.txt');
    git(dev, 'commit', '-q', '-m', 'requirements');
    git(dev, 'tag', 'v1.9.0');
    commitFile(dev, 'audits/migrations/0002_review_status.py', 'review status');
    git(dev, 'tag', 'v2.0.0');
    commitFile(dev, 'README.md', 'after the tag');
    git(dev, 'checkout', '-q', '-b', 'feature', 'v2.0.0');
    commitFile(dev, 'audits/migrations/0003_not_in_main.py', 'not in main');
    git(dev, 'tag', 'v2.1.0-rc.1');
    git(dev, 'push', '-q', 'origin', 'main', '--tags');
    prod = path.join(tmp, 'prod');
    git(tmp, 'clone', '-q', origin, prod);
    git(prod, 'checkout', '-q', '--detach', 'v1.9.0');
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('freezes the migration list when every migration of the tag is in main', () => {
    const result = run(command('migrations-freeze').run, prod);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('audits/migrations/0002_review_status.py');
    expect(result.stdout).toContain('входит в origin/main');
  });

  it('fails the freeze for a migration missing from main, and for a tag that does not exist', () => {
    const missing = run(command('migrations-freeze').run, prod, { RELEASE_TAG: 'v2.1.0-rc.1' });
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toMatch(/которых нет в origin\/main:\naudits\/migrations\/0003_not_in_main\.py/);
    const unknown = run(command('migrations-freeze').run, prod, { RELEASE_TAG: 'v9.9.9' });
    expect(unknown.code).not.toBe(0);
  });

  it('records main’s commits after the tag at the code freeze', () => {
    const result = run(command('code-freeze-record').run, prod);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('after the tag');
  });

  it('checks out the release tag, and its verify tells before from after', () => {
    const step = command('deploy-checkout');
    expect(run(step.verify as string, prod).code).not.toBe(0);
    const result = run(step.run, prod);
    expect(result.stderr).not.toMatch(/ОШИБКА/);
    expect(result.code).toBe(0);
    expect(git(prod, 'describe', '--tags').trim()).toBe('v2.0.0');
    expect(run(step.verify as string, prod).code).toBe(0);
  });

  it('refuses to check out over local changes', () => {
    writeFileSync(path.join(prod, 'requirements.txt'), 'edited on the server\n');
    const result = run(command('deploy-checkout').run, prod);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('локальные изменения');
    git(prod, 'checkout', '--', 'requirements.txt');
  });

  it('times every pending migration of the dry run, one by one', () => {
    migrations([
      'audits.0001_initial applied',
      'audits.0002_review_status pending',
      'catalog.0007_order pending',
    ]);
    const result = run(command('dryrun-migrations').run, prod);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^audits\.0002_review_status\t[0-9]+\.[0-9]{2}$/m);
    expect(result.stdout).toMatch(/^catalog\.0007_order\t[0-9]+\.[0-9]{2}$/m);
    expect(result.stdout).toMatch(/^ИТОГО\t[0-9]+\.[0-9]{2}$/m);
    const calls = readFileSync(`${state}.calls`, 'utf8');
    expect(calls).toContain('manage.py migrate --noinput audits 0002_review_status');
    expect(calls).toContain('manage.py migrate --noinput catalog 0007_order');
    expect(readFileSync(state, 'utf8')).not.toContain('pending');
  });

  it('migrates production; the verify sees pending migrations and a database it cannot read', () => {
    const step = command('deploy-migrate') as CommandStep;
    migrations(['audits.0001_initial applied', 'audits.0002_review_status pending']);
    expect(run(step.verify as string, prod).code).not.toBe(0);
    expect(run(step.verify as string, prod, { FAKE_DJANGO_BROKEN: '1' }).code).not.toBe(0);
    expect(run(step.run, prod).code).toBe(0);
    expect(run(step.verify as string, prod).code).toBe(0);
    expect(run(step.run, prod, { FAKE_DJANGO_BROKEN: '1' }).code).not.toBe(0);
  });

  it('rolls the code back to the previous tag', () => {
    const step = command('rollback-checkout');
    expect(run(step.verify as string, prod).code).not.toBe(0);
    const result = run(step.run, prod);
    expect(result.code).toBe(0);
    expect(git(prod, 'describe', '--tags').trim()).toBe('v1.9.0');
    expect(run(step.verify as string, prod).code).toBe(0);
  });

  it('migrates one app back to the migration the operator typed', () => {
    migrations(['audits.0001_initial applied', 'audits.0002_review_status applied']);
    const result = run(command('rollback-migrate').run, prod, {
      ROLLBACK_APP: 'audits',
      ROLLBACK_MIGRATION: '0001_initial',
    });
    expect(result.code).toBe(0);
    expect(readFileSync(`${state}.calls`, 'utf8')).toContain(
      'manage.py migrate --noinput audits 0001_initial',
    );
  });
});

// `run --headless --answers FILE` and `mark --done` of a command that never ran, as a script sees
// them: the built CLI, a temp state dir, test/fixtures/plans/answers.yaml. The tech lead role is
// held by whoever runs the test (LEADS), so `signoff` by the same login unblocks the run.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { journal, runPath, tempDir } from '../session/helpers.js';

const PLAN = path.join(ROOT, 'test/fixtures/plans/answers.yaml');
const ANSWERS = (name: string) => path.join(ROOT, 'test/fixtures/answers', `${name}.yaml`);
const ME = os.userInfo().username;

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir('rc-answers-');
});
afterEach(() => state.cleanup());

const cli = (...args: string[]) => runCli(['--state-dir', state.dir, ...args]);
const headless = (run: string, answers: string, ...extra: string[]) =>
  cli('run', PLAN, '--run', run, '--headless', '--answers', ANSWERS(answers), ...extra);

function types(run: string): string[] {
  return journal(state.dir, 'answers-test', run).map((record) => record.type);
}

describe('run --headless --answers', () => {
  it('ticks, enters a value, stops at the sign-off, then types the word and runs to the end', () => {
    const first = headless('r1', 'good', '--var', `LEADS=${ME}`);
    expect(first.code).toBe(3);
    expect(first.stdout).toContain('step preflight answered (ticks) by the answers file');
    expect(first.stdout).toContain('variable NOTES_URL set (prompt): https://example.org/notes');
    expect(first.stdout).toContain(`needs a sign-off: waiting for sign-off by lead (${ME})`);
    expect(first.stdout).not.toContain('step deploy started');

    expect(cli('signoff', PLAN, '--run', 'r1', 'go').code).toBe(0);
    const second = headless('r1', 'good');
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('step deploy answered (confirm)');
    expect(second.stdout.trim().split('\n').at(-1)).toBe('plan finished: every step is settled');
    const dir = runPath(state.dir, 'answers-test', 'r1');
    expect(readFileSync(path.join(dir, 'deployed.txt'), 'utf8')).toBe(
      'deployed with notes at https://example.org/notes\n',
    );
    // Each answer is journaled just before the decision it makes, and the report says so.
    const events = types('r1');
    expect(events[events.indexOf('answer.used', events.indexOf('signoff.given')) + 1]).toBe('step.starting');
    const report = cli('report', PLAN, '--run', 'r1');
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(
      `Answered by the answers file \`${ANSWERS('good')}\` (confirm) in a headless run`,
    );
    // A third run has nothing left to do and re-runs nothing.
    const third = headless('r1', 'good');
    expect(third.code).toBe(0);
    expect(third.stdout).not.toContain('started');
  });

  it('refuses a wrong word like the cockpit: nothing runs, exit 2', () => {
    expect(headless('r2', 'good', '--var', `LEADS=${ME}`).code).toBe(3);
    expect(cli('signoff', PLAN, '--run', 'r2', 'go').code).toBe(0);
    const result = headless('r2', 'wrong-word');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('refused: step deploy: the answers file');
    expect(types('r2')).not.toContain('step.starting');
  });

  it('decides the rollback when a step fails, once the lead signed it, and walks the rollback path', () => {
    expect(headless('r3', 'good', '--var', `LEADS=${ME}`, '--var', 'BREAK=yes').code).toBe(3);
    expect(cli('signoff', PLAN, '--run', 'r3', 'go').code).toBe(0);
    const failed = headless('r3', 'good');
    expect(failed.code).toBe(3);
    expect(failed.stdout).toContain('stopped: step check (Check) failed with exit code 1');
    expect(failed.stdout).toContain('the rollback needs a sign-off by lead');
    expect(types('r3')).not.toContain('rollback.decided');
    expect(cli('signoff', PLAN, '--run', 'r3', '--rollback').code).toBe(0);
    const rolled = headless('r3', 'good');
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain('rollback decided from the answers file: broken');
    expect(rolled.stdout.trim().split('\n').at(-1)).toBe('rollback path finished');
    expect(existsSync(path.join(runPath(state.dir, 'answers-test', 'r3'), 'back.txt'))).toBe(true);
    const report = cli('report', PLAN, '--run', 'r3');
    expect(report.stdout).toContain(`Answered by the answers file \`${ANSWERS('good')}\` (rollback)`);
  });

  it('checks the file against the plan before anything runs: one FILE:LINE:COL line per problem, exit 2', () => {
    const result = headless('r4', 'bad', '--var', `LEADS=${ME}`);
    expect(result.code).toBe(2);
    const file = ANSWERS('bad');
    expect(result.stderr.trim().split('\n')).toEqual([
      `${file}:3:24: steps.preflight.ticks[0]: step preflight has no item 3`,
      `${file}:4:3: steps.nosuch: no step "nosuch" in plan answers-test`,
      `${file}:5:21: steps.check.confirm: step check asks for no confirm word`,
      `${file}:6:19: steps.notes.ticks: step notes has no checklist`,
      `${file}:7:24: rollback.criterion: no rollback criterion "nosuch"`,
      `${file}:7:57: rollback.from: no step "nosuch" on the plan's main path`,
    ]);
    expect(existsSync(runPath(state.dir, 'answers-test', 'r4'))).toBe(false);
  });
});

describe('mark --done of a command that never ran', () => {
  it('needs a note, and the report shows it done by hand, not run', () => {
    expect(headless('m1', 'good', '--var', `LEADS=${ME}`).code).toBe(3);
    const bare = cli('mark', PLAN, '--run', 'm1', 'check', '--done');
    expect(bare.code).toBe(2);
    expect(bare.stderr.trim()).toBe(
      'release-cockpit: step check is a command that never ran: marking it done records that it was done by hand; say what was done with --note "…"',
    );
    const noted = cli(
      'mark',
      PLAN,
      '--run',
      'm1',
      'check',
      '--done',
      '--note',
      'checked by hand in the admin',
    );
    expect(noted.code).toBe(0);
    const report = JSON.parse(cli('report', PLAN, '--run', 'm1', '--format', 'json').stdout) as {
      phases: { steps: { id: string; doneByHand: boolean; notes: { text: string }[] }[] }[];
    };
    const check = report.phases[0]?.steps.find((step) => step.id === 'check');
    expect(check?.doneByHand).toBe(true);
    expect(check?.notes.map((note) => note.text)).toContain('checked by hand in the admin');
    expect(cli('report', PLAN, '--run', 'm1').stdout).toContain('Done by hand, not run');
  });
});

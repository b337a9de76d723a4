// The demo plan walked end to end by keyboard in real ptys (tmux), as an operator would:
// every step kind, a real hangup (the tmux server of the cockpit destroyed) in the middle of
// the long step, a second operator watching read-only, the resume summary, the rest of the
// plan, then status/report checked against the screen. Waits are generous; nothing asserts
// how long anything took.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { describeWhere } from '../helpers/tools.js';
import { DEMO_PLAN, eventually, processGone, StateDir } from './cockpit.js';
import { killAllTerminals } from './tmux.js';
import { cannotRun, detailText, progress, RELEASE_AT, runSelected, selected, tickAll } from './walk.js';

// Long enough to start a second cockpit and destroy the first while the step still runs.
const DEMO_VARS = [RELEASE_AT, 'DEMO_SECONDS=24', 'DEMO_LINES=400'];

let state: StateDir;
beforeEach(() => {
  state = new StateDir();
});
afterEach(async () => {
  await killAllTerminals();
  await state.cleanup();
});

describeWhere(cannotRun)('the demo plan in a real terminal', () => {
  it('walks every step kind, survives a hangup in the long step, resumes and finishes while a second operator watches', async () => {
    // ── Session A: 80×24, the first operator.
    const a = state.openCockpit('e2e', { cols: 80, rows: 24, operator: 'alice', vars: DEMO_VARS });
    let screen = await a.waitForText('● lock held', 30_000);
    expect(screen).toContain('Demo release — a tour of every step kind');
    expect(screen).toContain('operator alice');
    expect(screen).toMatch(progress(0));

    // note
    await selected(a, 'Welcome to the tour');
    await runSelected(a, 'Mark the note “Welcome to the tour” read?');
    await a.waitForText(progress(1));

    // manual checklist
    await selected(a, 'Pre-flight checklist');
    await a.waitForText('Checklist 0/3');
    await tickAll(a, 3, 'The changelog for v1.4.0 is written');
    await a.waitForText(progress(2));
    expect(state.step('e2e', 'pre-flight').status).toBe('done');

    // message: the rendered text on screen, saved under messages/, sent to the outbox
    screen = await selected(a, 'Announce the maintenance');
    expect(detailText(screen)).toContain('Heads-up: v1.4.0 goes out at 2026-12-01T22:00+03:00.');
    await runSelected(a, 'Save the message “Announce the maintenance window”?');
    await a.waitForText(progress(3));
    const messages = readdirSync(path.join(state.runDir('e2e'), 'messages'));
    expect(messages).toEqual(['announce-1.txt']);
    expect(state.readRunFile('e2e', 'messages/announce-1.txt')).toContain(
      'Heads-up: v1.4.0 goes out at 2026-12-01T22:00+03:00.',
    );
    expect(state.readRunFile('e2e', 'outbox.txt')).toContain('previous version is v1.3.2');

    // the long coloured command with a \r progress bar
    await selected(a, 'Build — thousands');
    await runSelected(a, 'Run “Build — thousands of coloured lines, then a progress bar”?');
    await a.waitForText(/compiling module pkg\d+\/\d{4} \.\.\. ok/);
    expect(a.captureColours()).toMatch(/\x1b\[[0-9;]*3[1-6]m(INFO|DEBUG|WARN) *\x1b\[/);
    expect(state.step('e2e', 'build').status).toBe('running');

    // ── Session B: a second operator, 120×40, on the same run while the build runs.
    const b = state.openCockpit('e2e', { cols: 120, rows: 40, operator: 'bob' });
    screen = await b.waitForText('watching — held by alice', 30_000);
    if (screen.includes('While no one watched')) {
      b.sendKeys('Enter');
    }
    screen = await b.waitForText(' WATCH ');
    expect(screen).not.toContain('Enter run');
    // A write key is refused, and nothing reaches the journal.
    const eventsBefore = state.journalEvents('e2e').length;
    b.sendKeys('s');
    await b.waitForText('read-only: alice');
    b.sendKeys('Enter');
    expect(b.capture()).not.toContain('Reason (recorded in the journal):');
    expect(state.journalEvents('e2e').filter((e) => e.startsWith('step.skipped'))).toEqual([]);
    expect(state.journalEvents('e2e').length).toBeGreaterThanOrEqual(eventsBefore);

    expect(state.step('e2e', 'build').status).toBe('running');
    const lock = JSON.parse(state.readRunFile('e2e', 'lock.json')) as { pid: number };

    // The progress bar is redrawn in place: one line, not one per \r.
    screen = await a.waitForText(/packaging \[#*\s*\]\s+\d+%/, 40_000);
    expect(screen.split('\n').filter((line) => line.includes('packaging ['))).toHaveLength(1);

    // ── The hangup: session A's whole tmux server destroyed in the middle of the build.
    const exitRecord = path.join(state.runDir('e2e'), 'attempts/build/1/exit.json');
    expect(existsSync(exitRecord)).toBe(false);
    a.kill();
    // The step outlived the terminal (no exit record yet, checked right away)…
    expect(existsSync(exitRecord)).toBe(false);
    // …and the cockpit that held the pty died with it.
    await eventually(() => (processGone(lock.pid) ? true : undefined), 'cockpit A to die with its pty');
    const build = await eventually(
      () => {
        const step = state.step('e2e', 'build');
        return step.status === 'running' ? undefined : step;
      },
      'the build to finish on its own',
      60_000,
    );
    expect(build).toMatchObject({ status: 'succeeded', exitCode: 0, attempts: 1 });
    const buildLog = state.readRunFile('e2e', 'attempts/build/1/log');
    expect(buildLog).toContain('compiled 400 modules');
    expect(buildLog).toMatch(/packaging \[#{40}\]\S* 100%/);
    expect(buildLog).toContain('build finished');

    // B sees that alice's cockpit let go (it ends quietly on a hangup, releasing the lock) or,
    // had it been killed outright, that its process is gone: either way B is offered the lock.
    screen = await b.waitForText(/lock free: t takes it|alice@\S+ is gone: t takes the lock/, 30_000);

    // ── Session C: the operator comes back.
    const c = state.openCockpit('e2e', { cols: 80, rows: 24, operator: 'carol' });
    screen = await c.waitForText('While no one watched', 30_000);
    expect(screen).toContain('Finished');
    expect(screen).toContain('Build — thousands');
    c.sendKeys('Enter');
    screen = await c.waitForText('● lock held');
    expect(screen).toMatch(progress(4));
    // B keeps watching live (it sees C's progress below, up to the end).
    await b.waitForText(progress(4), 30_000);
    // The watch follows the lock: carol took it over, alice (and her dead pid) are gone from B.
    screen = await b.waitForText('watching — held by carol', 30_000);
    expect(screen).not.toContain('held by alice');
    expect(screen).not.toContain(`pid ${lock.pid}`);

    // capture (build-id), artifact (unit-tests)
    await selected(c, 'Capture the build id');
    await runSelected(c, 'Run “Capture the build id”?');
    await c.waitForText(progress(5));
    await selected(c, 'Unit tests');
    await runSelected(c, 'Run “Unit tests (kept for the release report)”?');
    await c.waitForText(progress(6));

    // the failing lint: fails with exit 3, then skipped with a reason (a reason is required)
    await selected(c, 'Lint — fails on purpose');
    await runSelected(c, 'Run “Lint — fails on purpose”?');
    screen = await c.waitForText(/Attempts 1 · exit 3/);
    expect(screen).toContain('2 problems (2 errors, 0 warnings)');
    expect(screen).toContain('Enter retry');
    c.sendKeys('s');
    await c.waitForText('Reason (recorded in the journal):');
    c.sendKeys('Enter');
    // An empty reason is refused, visibly: the dialog stays open and nothing is skipped.
    await c.waitForText('a reason is required');
    await c.waitForText('Reason (recorded in the journal):');
    expect(state.step('e2e', 'lint').status).toBe('failed');
    c.type('lint fails on purpose in the demo');
    await c.waitForText('> lint fails on purpose in the demo');
    c.sendKeys('Enter');
    await c.waitForText(progress(7));
    expect(state.step('e2e', 'lint')).toMatchObject({ status: 'skipped', exitCode: 3 });

    // the retry step: fails once, the automatic retry succeeds
    await selected(c, 'Fetch artifacts');
    await runSelected(c, 'Run “Fetch artifacts — fails once, succeeds on the retry”?');
    await c.waitForText(progress(8), 40_000);
    expect(state.step('e2e', 'fetch-artifacts')).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      exitCode: 0,
    });

    // the gate: polls (failing twice), then passes
    await selected(c, 'Wait until the staging');
    await runSelected(c, 'Run “Wait until the staging copy reports healthy”?');
    await c.waitForText(/poll [12]: 2 of 3 replicas healthy/);
    await c.waitForText(progress(9), 40_000);
    expect(state.step('e2e', 'wait-healthy').status).toBe('succeeded');
    expect(state.readRunFile('e2e', 'demo-wait-healthy.polls').trim()).toBe('3');

    // the prompt: an invalid value is refused with the pattern, a valid one accepted
    await selected(c, 'Which colour');
    c.sendKeys('Enter');
    await c.waitForText('Value for DEPLOY_COLOR');
    c.type('red');
    await c.waitForText('> red');
    c.sendKeys('Enter');
    await c.waitForText('does not match the pattern blue|green');
    c.sendKeys('BSpace');
    await c.waitForText('> re█');
    c.sendKeys('BSpace', 'BSpace');
    await c.waitForText(/> █/);
    c.type('green');
    await c.waitForText('> green');
    c.sendKeys('Enter');
    await c.waitForText(progress(10));

    // the dangerous step: the exact command shown, a wrong word refused, DEPLOY accepted
    screen = await selected(c, 'Switch traffic to');
    // Titles are shown with the run's values (a default counts), as dry-run renders them.
    expect(screen).toContain('Switch traffic to green');
    expect(screen).not.toContain('{{');
    c.sendKeys('Enter');
    screen = await c.waitForText('Type DEPLOY to confirm:');
    expect(screen).toContain('DEPLOY_COLOR=green');
    c.type('deploy');
    await c.waitForText('> deploy');
    c.sendKeys('Enter');
    await c.waitForText('type exactly DEPLOY');
    expect(state.step('e2e', 'switch-traffic').status).toBe('pending');
    c.sendKeys('C-u');
    await c.waitForText(/> █/);
    c.type('DEPLOY');
    await c.waitForText('> DEPLOY');
    c.sendKeys('Enter');
    await c.waitForText(progress(11), 30_000);
    expect(state.readRunFile('e2e', 'live-colour')).toBe('green v1.4.0\n');

    // the final message, with the captured build id and the prompted colour rendered
    screen = await selected(c, 'Tell everyone it is done');
    expect(detailText(screen)).toMatch(/v1\.4\.0 \(build-\d{8}-\d{6}\) is live on green\./);
    await runSelected(c, 'Save the message “Tell everyone it is done”?');
    await c.waitForText(progress(12));

    // the last checklist, and the end of the plan
    await selected(c, 'Look back');
    await tickAll(c, 2);
    await c.waitForText(progress(13));
    // B saw it all live.
    await b.waitForText(progress(13), 30_000);

    c.sendKeys('q');
    await eventually(() => c.exitCode() ?? undefined, 'cockpit C to leave', 20_000).then((code) =>
      expect(code).toBe(0),
    );
    // C let go: B takes the run with one key and is the writer (its header says so).
    screen = await b.waitForText('lock free: t takes it', 30_000);
    b.sendKeys('t');
    screen = await b.waitForText(/● lock held|While no one watched/, 30_000);
    if (!screen.includes('● lock held')) {
      b.sendKeys('Enter');
      await b.waitForText('● lock held');
    }
    b.sendKeys('q');
    await eventually(() => b.exitCode() ?? undefined, 'cockpit B to leave', 20_000).then((code) =>
      expect(code).toBe(0),
    );

    // What is on disk agrees with the screen.
    const status = state.status('e2e');
    expect(status.journal.verified).toBe(true);
    expect(Object.fromEntries(status.steps.map((s) => [s.id, s.status]))).toEqual({
      welcome: 'done',
      'pre-flight': 'done',
      announce: 'succeeded',
      build: 'succeeded',
      'build-id': 'succeeded',
      'unit-tests': 'succeeded',
      lint: 'skipped',
      'fetch-artifacts': 'succeeded',
      'wait-healthy': 'succeeded',
      'choose-color': 'done',
      'switch-traffic': 'succeeded',
      'announce-done': 'succeeded',
      review: 'done',
      'rollback-announce': 'pending',
      'rollback-switch': 'pending',
      'rollback-check': 'pending',
    });
    const events = state.journalEvents('e2e');
    expect(events.filter((e) => e === 'step.started:build')).toHaveLength(1);
    expect(events).toContain('step.finished:build');
    expect(readdirSync(path.join(state.runDir('e2e'), 'messages')).sort()).toEqual([
      'announce-1.txt',
      'announce-done-1.txt',
    ]);

    const report = runCli(['report', DEMO_PLAN, '--run', 'e2e', '--format', 'md', '--state-dir', state.dir]);
    expect(report.code, report.stderr).toBe(0);
    for (const title of [
      'Welcome to the tour',
      'Build — thousands of coloured lines',
      'Lint — fails on purpose',
      'lint fails on purpose in the demo',
      'Which colour receives the release?',
      'Tell everyone it is done',
      '120 passed in 0.4s',
    ]) {
      expect(report.stdout).toContain(title);
    }
  }, 240_000);
});

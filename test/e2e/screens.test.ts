// The other screens in a real pty: the rollback decision and path, the start screen as a new
// user meets it, and the "enlarge the terminal" screen with recovery on resize.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';
import { describeWhere } from '../helpers/tools.js';
import { DEMO_PLAN, eventually, StateDir } from './cockpit.js';
import { killAllTerminals, shellQuote, Terminal } from './tmux.js';
import { cannotRun, detailText, progress, RELEASE_AT, runSelected, selected } from './walk.js';

let state: StateDir;
beforeEach(() => {
  state = new StateDir();
});
afterEach(async () => {
  await killAllTerminals();
  await state.cleanup();
});

describeWhere(cannotRun)('the demo plan in a real terminal', () => {
  it('rolls back: R, a criterion, the typed word; the header says so and the rollback steps run', async () => {
    const term = state.openCockpit('rb', { cols: 80, rows: 24, operator: 'alice', vars: [RELEASE_AT] });
    await term.waitForText('● lock held', 30_000);
    term.sendKeys('R');
    await term.waitForText('Why? Pick the criterion:');
    term.sendKeys('Down');
    await term.waitForText('› 2. A smoke check failed on the new colour');
    term.sendKeys('Enter');
    await term.waitForText('Type ROLLBACK:');
    term.type('rollback');
    term.sendKeys('Enter');
    await term.waitForText('type exactly ROLLBACK');
    term.sendKeys('C-u');
    term.type('ROLLBACK');
    await term.waitForText('> ROLLBACK');
    term.sendKeys('Enter');
    let screen = await term.waitForText('ROLLBACK — A smoke check failed on the new colour');
    expect(screen).toMatch(progress(0, 3));

    screen = await selected(term, 'Announce the rollback');
    expect(detailText(screen)).toContain('Rolling back v1.4.0 to v1.3.2');
    await runSelected(term, 'Save the message “Announce the rollback”?');
    await term.waitForText(progress(1, 3));
    await selected(term, 'Send traffic back to');
    await runSelected(term, /Run “Send traffic back to .*”\?/);
    await term.waitForText(progress(2, 3));
    await selected(term, 'Previous version answers');
    await runSelected(term, 'Run “Previous version answers”?');
    await term.waitForText(progress(3, 3), 30_000);

    const status = state.status('rb');
    expect(status.rollback).not.toBeNull();
    const byId = Object.fromEntries(status.steps.map((s) => [s.id, s.status]));
    expect(byId).toMatchObject({
      welcome: 'pending',
      'rollback-announce': 'succeeded',
      'rollback-switch': 'succeeded',
      'rollback-check': 'succeeded',
    });
    expect(state.readRunFile('rb', 'live-colour')).toBe('previous v1.3.2\n');
    // The main path stayed frozen: nothing of it ran.
    expect(state.journalEvents('rb')).not.toContain('step.started:build');
  }, 120_000);

  it('a new user starts from the start screen: picks the demo, names a run, fills the variables', async () => {
    const term = state.openStart({ cols: 80, rows: 24, operator: 'alice' });
    let screen = await term.waitForText('Plans', 30_000);
    expect(screen).toContain('plans/demo.yaml');
    expect(screen).toContain('no runs yet');
    // Move to the demo plan, whatever its place in the list.
    for (let moves = 0; moves < 10 && !/› Demo release/.test(term.capture()); moves += 1) {
      term.sendKeys('Down');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await term.waitForText('› Demo release');
    term.sendKeys('Enter');
    await term.waitForText('+ new run');
    term.sendKeys('Enter');
    await term.waitForText('Run name');
    term.type('rehearsal');
    await term.waitForText('> rehearsal');
    term.sendKeys('Enter');
    await term.waitForText('Variable 1/');
    term.type('tomorrow');
    term.sendKeys('Enter');
    await term.waitForText('does not match the pattern');
    term.sendKeys('C-u');
    await term.waitForScreen((s) => !s.includes('> tomorrow'), 'the field cleared');
    term.type('2026-12-01T22:00+03:00');
    await term.waitForText('> 2026-12-01T22:00+03:00');
    term.sendKeys('Enter');
    // The remaining variables have defaults (or are optional): Enter accepts each.
    screen = await term.waitForScreen(
      (s) => s.includes('● lock held') || s.includes('Variable 2/'),
      'the next variable or the main screen',
    );
    // One Enter per field shown (keys typed while the run opens are kept for the main screen, so a
    // spare Enter would open a dialog there).
    const fieldOf = (s: string) => [...s.matchAll(/Variable (\d+)\//g)].at(-1)?.[1] ?? null;
    for (let i = 0; i < 10 && !screen.includes('● lock held'); i += 1) {
      const field = fieldOf(screen);
      term.sendKeys('Enter');
      screen = await term.waitForScreen(
        (s) => s.includes('● lock held') || (fieldOf(s) !== null && fieldOf(s) !== field),
        'the next variable or the main screen',
      );
    }
    screen = await term.waitForText('● lock held');
    expect(screen).toContain('run rehearsal');
    expect(screen).toContain('Welcome to the tour');
    term.sendKeys('q');
    expect(await eventually(() => term.exitCode() ?? undefined, 'the cockpit to leave')).toBe(0);
    expect(state.status('rehearsal').steps.every((s) => s.status === 'pending')).toBe(true);
  }, 90_000);

  it('asks to enlarge a 50×12 terminal and recovers when it grows to 80×24', async () => {
    const term = state.openCockpit('small', { cols: 50, rows: 12, operator: 'alice', vars: [RELEASE_AT] });
    const screen = await term.waitForText('Enlarge the terminal', 30_000);
    expect(screen.replace(/\s+/g, ' ')).toContain(
      'This terminal is 50×12; the cockpit needs at least 60×16.',
    );
    term.resize(80, 24);
    const main = await term.waitForText('● lock held', 30_000);
    expect(main).not.toContain('Enlarge the terminal');
    expect(main).toContain('Welcome to the tour');
    term.resize(50, 12);
    await term.waitForText('Enlarge the terminal');
    term.resize(80, 24);
    await term.waitForText('● lock held');
  }, 90_000);

  it('leaving after a resize puts the shell on a line of its own, not on the footer', async () => {
    const cockpit = [
      process.execPath,
      CLI,
      '--state-dir',
      state.dir,
      DEMO_PLAN,
      '--run',
      'resized',
      '--var',
      RELEASE_AT,
    ];
    const term = Terminal.start({
      cols: 100,
      rows: 30,
      cwd: ROOT,
      env: { TERM: 'xterm-256color', LANG: 'C.UTF-8' },
      // What the shell prints next, with no newline of its own: a prompt would stand there.
      argv: ['sh', '-c', `${cockpit.map(shellQuote).join(' ')}; printf 'PROMPT$ '`],
    });
    await term.waitForText('● lock held', 30_000);
    term.resize(80, 24);
    await term.waitForScreen(
      (screen) => screen.includes('q quit') && screen.split('\n').every((line) => line.length <= 80),
      'the 80×24 frame',
    );
    term.sendKeys('q');
    const after = await term.waitForText('PROMPT$');
    const line = after.split('\n').find((l) => l.includes('PROMPT$')) ?? '';
    expect(line.trim()).toBe('PROMPT$');
  });
});

// `release-cockpit run --headless` as a script sees it: real processes, a temp state dir,
// the small plans in test/session/fixtures. Build first (dist/cli.js).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProblemsError } from '../../src/errors.js';
import { openRunSession } from '../../src/session/open.js';
import { CLI, runCli } from '../helpers/cli.js';
import { eventually, fixture, journal, OPERATOR, runPath, tempDir } from '../session/helpers.js';

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

function headless(plan: string, run: string, ...extra: string[]) {
  return runCli(['run', fixture(plan), '--run', run, '--headless', '--state-dir', state.dir, ...extra]);
}

describe('run --headless', () => {
  it('runs a small plan to the end: exit 0, one line per event, artifacts and messages kept', () => {
    const result = headless('basic', 'r1', '--var', 'RELEASE_TAG=v2.0.0');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('run r1 of plan basic: created');
    expect(lines).toContainEqual(
      expect.stringMatching(/^\d\d:\d\d:\d\d step prep\.build started \(attempt 1, pid \d+\)$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/step prep\.build succeeded \(attempt 1, exit code 0, /),
    );
    expect(lines.at(-1)).toBe('plan finished: every step is settled');
    const dir = runPath(state.dir, 'basic', 'r1');
    expect(readFileSync(path.join(dir, 'built.txt'), 'utf8')).toBe('tag=v2.0.0\n');
    // The send command got the rendered message on stdin.
    expect(readFileSync(path.join(dir, 'sent.txt'), 'utf8')).toBe('Release v2.0.0 is built.');
    const types = journal(state.dir, 'basic', 'r1').map((r) => `${r.type}:${r.step ?? ''}`);
    expect(types).toContain('step.output:prep.build');
    expect(types).toContain('message.rendered:prep.announce');
    expect(types).toContain('message.sent:prep.announce');
    expect(types).toContain('step.done:prep.read');
    expect(types.at(-1)).toBe('lock.released:');

    // Resuming a finished run re-runs nothing.
    const again = headless('basic', 'r1', '--var', 'RELEASE_TAG=v2.0.0');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('started');
  });

  it('stops at a manual step with exit 3 and says what it needs', () => {
    const result = headless('manual', 'r');
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('step first succeeded');
    expect(result.stdout.trim().split('\n').at(-1)).toBe(
      'waiting for the operator: step check (Look at the dashboard) needs a person to confirm 2 checklist item(s)',
    );
    expect(result.stdout).not.toContain('step after started');
  });

  it('stops with exit 1 when a step fails, and does not run the next one', () => {
    const result = headless('fail', 'r');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('step breaks failed (attempt 1, exit code 3,');
    expect(result.stdout).toContain('stopped: step breaks (Breaks) failed with exit code 3');
    expect(result.stdout).not.toContain('step never started');
    // A second headless run does not blindly re-run the failed step.
    const again = headless('fail', 'r');
    expect(again.code).toBe(1);
    expect(again.stdout).not.toContain('started');
  });

  it('a step that cannot start fails visibly (exit 1), the reason journaled', () => {
    const result = headless('nocwd', 'r');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'stopped: step lost could not start: working directory /nonexistent/release-cockpit-test does not exist',
    );
    const failed = journal(state.dir, 'nocwd', 'r').find((r) => r.type === 'step.markedFailed');
    expect(failed?.step).toBe('lost');
  });

  it('retries after the plan’s delay and then succeeds', () => {
    const result = headless('retry', 'r');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('step flaky failed (attempt 1, exit code 1');
    expect(result.stdout).toContain('step flaky retry scheduled: attempt 2 in 0.2s');
    expect(result.stdout).toContain('step flaky succeeded (attempt 2, exit code 0');
    const started = journal(state.dir, 'retry', 'r').filter((r) => r.type === 'step.started');
    expect(started).toHaveLength(2);
  });

  it('polls a gate until it passes, each poll journaled with its output', () => {
    const result = headless('gate', 'r');
    expect(result.code).toBe(0);
    const polls = journal(state.dir, 'gate', 'r').filter((r) => r.type === 'gate.polled');
    expect(
      polls.map((p) => (p.type === 'gate.polled' ? [p.data.poll, p.data.ok, p.data.output] : [])),
    ).toEqual([
      [1, false, 'poll number 1'],
      [2, false, 'poll number 2'],
      [3, true, 'poll number 3'],
    ]);
    expect(result.stdout).toContain('step after succeeded');
  });

  it('fails a gate that never passes once its timeout runs out', () => {
    const result = headless('gate-timeout', 'r');
    expect(result.code).toBe(1);
    const finished = journal(state.dir, 'gate-timeout', 'r').find((r) => r.type === 'step.finished');
    expect(finished?.type === 'step.finished' && finished.data.timedOut).toBe(true);
    expect(result.stdout).toContain('stopped: step never.ready (Never ready) timed out');
  });

  it('captures trimmed output into a variable that a later step gets in its environment', () => {
    const result = headless('capture', 'r');
    expect(result.stdout).toContain('variable BUILD_ID set (capture): b-4242');
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(runPath(state.dir, 'capture', 'r'), 'used.txt'), 'utf8')).toBe('b-4242');
  });

  it('refuses hostile values for a patterned variable: exit 2, one line, nothing created', async () => {
    const result = headless('hostile', 'h', '--var', 'TAG=v1.0.0; rm -rf /', '--var', 'NOTE=x');
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('TAG');
    expect(existsSync(runPath(state.dir, 'hostile', 'h'))).toBe(false);
    // The same check in-process for the rest of the hostile family (no process per value).
    for (const hostile of [
      'v1.0.0$(id)',
      'v1.0.0`id`',
      'v1.0.0\nv2.0.0',
      '--upload-pack=x',
      "v1.0.0'",
      'v１.0.0',
    ]) {
      await expect(
        openRunSession({
          planPath: fixture('hostile'),
          run: 'h',
          stateDir: state.dir,
          operator: OPERATOR,
          variables: { TAG: hostile, NOTE: 'x' },
        }),
        hostile,
      ).rejects.toBeInstanceOf(ProblemsError);
    }
    expect(existsSync(runPath(state.dir, 'hostile', 'h'))).toBe(false);
  });

  it('passes free-text values to the command literally, never as code', () => {
    const hostile = `; rm -rf ~ $(touch pwned) \`touch pwned2\` "quotes" 'single' \\ back\nsecond line — юникод 🚀`;
    const result = headless('hostile', 'h1', '--var', 'TAG=v1.2.3', '--var', `NOTE=${hostile}`);
    expect(result.code).toBe(0);
    const dir = runPath(state.dir, 'hostile', 'h1');
    expect(readFileSync(path.join(dir, 'note.txt'), 'utf8')).toBe(hostile);
    expect(readFileSync(path.join(dir, 'tag.txt'), 'utf8')).toBe('v1.2.3');
    expect(existsSync(path.join(dir, 'attempts/write/1/pwned'))).toBe(false);
    // A leading "--" in a free-text value arrives as data too.
    const dashes = headless('hostile', 'h2', '--var', 'TAG=v1.2.3', '--var', 'NOTE=--upload-pack=evil');
    expect(dashes.code).toBe(0);
    expect(readFileSync(path.join(runPath(state.dir, 'hostile', 'h2'), 'note.txt'), 'utf8')).toBe(
      '--upload-pack=evil',
    );
  });

  it('fails with exit 2 listing missing required variables before creating the run', () => {
    const result = headless('basic', 'r');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing variable RELEASE_TAG');
    expect(existsSync(runPath(state.dir, 'basic', 'r'))).toBe(false);
  });

  it('on SIGTERM leaves cleanly: lock released, the step keeps running, the next run picks it up', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'run', fixture('slow'), '--run', 'r', '--headless', '--state-dir', state.dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await eventually(() => out.includes('step slow started'));
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(143);
    expect(out).toContain('interrupted (SIGTERM)');
    const types = journal(state.dir, 'slow', 'r').map((r) => r.type);
    expect(types.at(-1)).toBe('lock.released');
    expect(types).not.toContain('step.finished');
    const again = headless('slow', 'r');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('step slow failed (attempt 1, exit code 7');
  });

  it('exits 4 naming the holder when another session holds the run', async () => {
    const holder = await openRunSession({
      planPath: fixture('manual'),
      run: 'held',
      stateDir: state.dir,
      operator: { ...OPERATOR, user: 'alice' },
      variables: {},
    });
    try {
      const result = headless('manual', 'held');
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/^release-cockpit: run "held" is locked by alice@\S+ \(pid \d+\) since /);
      expect(result.stdout).not.toContain('started');
    } finally {
      await holder.close();
    }
    expect(journal(state.dir, 'manual', 'held').some((r) => r.type === 'step.started')).toBe(false);
  });

  it('without --headless points to the cockpit (exit 2)', () => {
    const result = runCli(['run', fixture('basic'), '--run', 'r', '--state-dir', state.dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--headless');
    expect(result.stderr).toContain('cockpit');
  });
});

describe('run --dry-run', () => {
  it('prints each command as it would run, secrets masked, and runs and records nothing', () => {
    const result = runCli([
      'run',
      fixture('secret'),
      '--run',
      'd',
      '--headless',
      '--dry-run',
      '--state-dir',
      state.dir,
      '--var',
      'API_TOKEN=abcdefghijklmnop',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('echo "token is $API_TOKEN"');
    expect(result.stdout).toContain('API_TOKEN=••••••');
    expect(result.stdout).not.toContain('abcdefghijklmnop');
    expect(existsSync(path.join(state.dir, 'runs'))).toBe(false);
  });

  it('shows plain values substituted in the environment it gets', () => {
    const result = runCli([
      'run',
      fixture('basic'),
      '--run',
      'd',
      '--dry-run',
      '--state-dir',
      state.dir,
      '--var',
      'RELEASE_TAG=v9.9.9',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('## prep.build (command) Build');
    expect(result.stdout).toContain('#   RELEASE_TAG=v9.9.9');
    expect(result.stdout).toContain('> Release v9.9.9 is built.');
    expect(existsSync(path.join(state.dir, 'runs'))).toBe(false);
  });
});

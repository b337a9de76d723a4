// THE hangup test: the process that starts a step lives in a real pty (a tmux session with its
// own server socket), and the whole pty is destroyed while the step runs — no `kill -HUP`.
// The step must finish, keep its whole output, and leave the real exit code for the next start.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inspectAttempt, waitForExit } from '../../src/runner/inspect.js';
import { processStartTime } from '../../src/sys/proc.js';
import { describeWhere, tmuxMissing } from '../helpers/tools.js';
import { ensureBuilt, ROOT, readText, tempDir, waitFor } from './util.js';

const socket = `rc-test-${process.pid}`;
const fixture = path.join(ROOT, 'test/runner/fixtures/start-in-pty.mjs');

function tmux(...args: string[]) {
  const env = { ...process.env };
  delete env.TMUX;
  return spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
}

describeWhere(tmuxMissing())('a real hangup (tmux session destroyed while a step runs)', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  afterAll(() => {
    tmux('kill-server');
  });

  it('the step completes, its whole output is in the log and exit.json has the real code', async () => {
    const dir = tempDir();
    const attemptDir = path.join(dir, 'attempts', 'migrate', '1');
    const marker = path.join(dir, 'started.json');
    const go = path.join(dir, 'go');
    const started = tmux(
      'new-session',
      '-d',
      '-s',
      'cockpit',
      '-x',
      '100',
      '-y',
      '30',
      process.execPath,
      fixture,
      attemptDir,
      marker,
      go,
    );
    expect(started.status, started.stderr).toBe(0);
    const { cockpitPid, wrapper } = await waitFor(
      () => (existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : undefined),
      'the cockpit in the pty to start the step',
    );
    await waitFor(() => readText(path.join(attemptDir, 'log')).includes('line 10\n'), 'some output');
    expect(inspectAttempt(attemptDir).state).toBe('running');

    expect(tmux('kill-server').status).toBe(0);
    // The pty's owner is gone: the process that started the step died with its terminal.
    await waitFor(() => processStartTime(cockpitPid) === null, 'the cockpit to die with its pty');
    expect(inspectAttempt(attemptDir)).toMatchObject({ state: 'running', pid: { pid: wrapper.pid } });
    writeFileSync(go, '');

    const exit = await waitForExit(attemptDir, { pollMs: 100 });
    expect(exit).toMatchObject({ exitCode: 7, signal: null, timedOut: false });
    const expected = Array.from({ length: 30 }, (_, i) => `line ${i + 1}\n`).join('');
    expect(readText(path.join(attemptDir, 'log'))).toBe(expected);
  }, 120_000);
});

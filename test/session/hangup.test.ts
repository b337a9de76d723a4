// The real hangup: a headless run inside a tmux pty whose server is then killed while a 3 s
// step runs (what a dropped SSH connection does to the bastion shell). Not `kill -HUP`: that
// passes where real hangups fail. The step must complete with its whole output in the log,
// `status` must show its real exit code once it finished, and a second headless run must
// record step.finished and carry on.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { builtCliMissing, CLI, ROOT, runCli } from '../helpers/cli.js';
import { describeWhere, tmuxMissing } from '../helpers/tools.js';
import { eventually, fixture, journal, runPath, tempDir } from './helpers.js';

let state: { dir: string; cleanup: () => void };
let socket: string;
beforeEach(() => {
  state = tempDir('rc-hangup-');
  socket = `rc-hangup-${process.pid}-${Date.now()}`;
});
afterEach(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  state.cleanup();
});

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

describeWhere(tmuxMissing() ?? builtCliMissing())('hangup', () => {
  it('a step outlives the destroyed terminal of a headless run; status and the next run see its real end', async () => {
    const command = [process.execPath, CLI, 'run', fixture('hangup'), '--run', 'x', '--headless']
      .concat(['--state-dir', state.dir])
      .map(shellQuote)
      .join(' ');
    execFileSync(
      'tmux',
      ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'rc', '-x', '100', '-y', '30'],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    execFileSync('tmux', [
      '-L',
      socket,
      'send-keys',
      '-t',
      'rc',
      `cd ${shellQuote(ROOT)} && ${command}`,
      'Enter',
    ]);

    // Wait for the migration to start (its wrapper recorded pid.json), then drop the terminal:
    // whether or not the run had journaled step.started by then, the announcement is there.
    const attemptDir = path.join(runPath(state.dir, 'hangup', 'x'), 'attempts/migrate/1');
    await eventually(() => existsSync(path.join(attemptDir, 'pid.json')), 20_000);
    const lock = JSON.parse(
      readFileSync(path.join(runPath(state.dir, 'hangup', 'x'), 'lock.json'), 'utf8'),
    ) as {
      pid: number;
    };
    expect(existsSync(path.join(attemptDir, 'exit.json'))).toBe(false);
    execFileSync('tmux', ['-L', socket, 'kill-server']);

    // The headless run died with its terminal…
    await eventually(() => {
      try {
        process.kill(lock.pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 10_000);
    const types = journal(state.dir, 'hangup', 'x').map((r) => `${r.type}:${r.step ?? ''}`);
    expect(types).toContain('step.starting:migrate');
    expect(types).not.toContain('step.finished:migrate');

    // …the step did not: status reads its exit record once it ends.
    const migrate = await eventually(() => {
      const status = runCli(['status', fixture('hangup'), '--run', 'x', '--json', '--state-dir', state.dir]);
      if (status.code !== 0) throw new Error(`status failed: ${status.stderr}`);
      const parsed = JSON.parse(status.stdout) as {
        steps: { id: string; status: string; exitCode: number | null }[];
      };
      const step = parsed.steps.find((s) => s.id === 'migrate');
      return step && step.status !== 'running' ? step : undefined;
    }, 20_000);
    expect(migrate).toMatchObject({ status: 'succeeded', exitCode: 0 });
    const log = readFileSync(path.join(attemptDir, 'log'), 'utf8');
    expect(log).toContain('migration started');
    expect(log).toContain('migration finished');

    // The next headless run records the outcome and continues with the plan.
    const again = runCli(['run', fixture('hangup'), '--run', 'x', '--headless', '--state-dir', state.dir]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('step migrate succeeded (attempt 1, exit code 0');
    expect(again.stdout).toContain('step after succeeded');
    const after = journal(state.dir, 'hangup', 'x').map((r) => `${r.type}:${r.step ?? ''}`);
    expect(after.filter((t) => t === 'step.started:migrate')).toHaveLength(1);
    expect(after).toContain('step.finished:migrate');
    expect(after).toContain('lock.takenOver:');
  });
});

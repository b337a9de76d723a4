// The logind KillUserProcesses check (parser and file reading from a fake root) and runCaptured.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../../src/runner/captured.js';
import { killsUserProcesses, killUserProcessesWarning, parseLogindConf } from '../../src/runner/logind.js';
import { tempDir } from './util.js';

describe('logind', () => {
  it('parses [Login] settings, later files winning, comments and other sections ignored', () => {
    const main = '[Login]\n#KillUserProcesses=yes\nKillUserProcesses=no\n[Other]\nKillUserProcesses=yes\n';
    expect(parseLogindConf([main]).killUserProcesses).toBe(false);
    const dropIn = '[Login]\n KillUserProcesses = yes \nKillExcludeUsers=root deploy\n';
    const settings = parseLogindConf([main, dropIn]);
    expect(settings).toEqual({
      killUserProcesses: true,
      killExcludeUsers: ['root', 'deploy'],
      killOnlyUsers: null,
    });
    expect(killsUserProcesses(settings, 'alice')).toBe(true);
    expect(killsUserProcesses(settings, 'deploy')).toBe(false);
    expect(parseLogindConf([]).killUserProcesses).toBeNull();
  });

  it('excludes root by default and honours KillOnlyUsers', () => {
    const on = parseLogindConf(['[Login]\nKillUserProcesses=on\n']);
    expect(killsUserProcesses(on, 'root')).toBe(false);
    expect(killsUserProcesses(on, 'alice')).toBe(true);
    const only = parseLogindConf(['[Login]\nKillUserProcesses=1\nKillOnlyUsers=bob\n']);
    expect(killsUserProcesses(only, 'alice')).toBe(false);
  });

  it('reads logind.conf and drop-ins from a root and says what to do', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'etc/systemd/logind.conf.d'), { recursive: true });
    writeFileSync(path.join(root, 'etc/systemd/logind.conf'), '[Login]\nKillUserProcesses=no\n');
    expect(killUserProcessesWarning({ root, user: 'alice', checkLinger: false })).toBeNull();
    writeFileSync(
      path.join(root, 'etc/systemd/logind.conf.d/50-kill.conf'),
      '[Login]\nKillUserProcesses=yes\n',
    );
    const warning = killUserProcessesWarning({ root, user: 'alice', checkLinger: false });
    expect(warning).toContain('KillUserProcesses=yes');
    expect(warning).toContain('KillUserProcesses=no');
    expect(warning).toContain('loginctl enable-linger alice');
    expect(warning).toContain('systemd-run --user --scope');
    expect(warning?.includes('\n')).toBe(false);
    writeFileSync(
      path.join(root, 'etc/systemd/logind.conf.d/90-off.conf'),
      '[Login]\nKillUserProcesses=no\n',
    );
    expect(killUserProcessesWarning({ root, user: 'alice', checkLinger: false })).toBeNull();
  });
});

describe('runCaptured', () => {
  it('returns exit code and interleaved output with the step environment', async () => {
    const result = await runCaptured('echo "tag=$TAG"; echo oops >&2; exit 3', { env: { TAG: 'v1 $(id)' } });
    expect(result).toEqual({
      exitCode: 3,
      signal: null,
      output: 'tag=v1 $(id)\noops\n',
      truncated: false,
      timedOut: false,
    });
  });

  it('limits the output it keeps', async () => {
    const result = await runCaptured('head -c 1000000 /dev/zero | tr "\\0" x', { env: {}, maxBytes: 100 });
    expect(result.output).toBe('x'.repeat(100));
    expect(result.truncated).toBe(true);
    expect(result.exitCode).toBe(0);
  });

  it('kills the whole process group at the timeout', async () => {
    const dir = tempDir();
    const marker = path.join(dir, 'child-survived');
    const result = await runCaptured(`(sleep 0.4 && touch ${marker}) & sleep 10`, {
      env: {},
      timeoutMs: 200,
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(existsSync(marker)).toBe(false);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const running = runCaptured('sleep 10', { env: {}, signal: controller.signal });
    controller.abort();
    expect((await running).signal).toBe('SIGTERM');
  });
});

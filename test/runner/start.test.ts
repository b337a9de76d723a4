// startAttempt + the wrapper with real processes: exit records, the environment a step gets,
// hostile values, argv hygiene, the step lock, timeouts.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectAttempt, waitForExit } from '../../src/runner/inspect.js';
import { isStepLockHeld, readPidRecord } from '../../src/runner/records.js';
import { shellProgram } from '../../src/runner/sh-dir.js';
import { startAttempt } from '../../src/runner/start.js';
import { WRAPPER_LOCKED_EXIT } from '../../src/runner/wrapper.js';
import { readText, tempDir, waitFor, wrapperAgain } from './util.js';

function attempt(): string {
  return path.join(tempDir(), 'attempts', 'step', '1');
}

/** The first line the attempt's command wrote to its log. */
async function waitForLine(dir: string): Promise<string> {
  return waitFor(() => {
    const [first, rest] = readText(path.join(dir, 'log')).split('\n');
    return rest !== undefined && first;
  }, 'a line in the log');
}

describe('startAttempt', () => {
  it('runs the script detached, appends stdout and stderr to the log and records the exit', async () => {
    const dir = attempt();
    const pid = await startAttempt({ attemptDir: dir, script: 'echo out\necho err >&2\nexit 7\n', env: {} });
    expect(pid.pid).toBeGreaterThan(1);
    expect(pid.pidStart).toMatch(/^[0-9]+$/);
    expect(pid.pgid).not.toBe(pid.pid);
    const exit = await waitForExit(dir, { pollMs: 50 });
    expect(exit).toMatchObject({ exitCode: 7, signal: null, timedOut: false });
    expect(readText(path.join(dir, 'log'))).toBe('out\nerr\n');
    expect(inspectAttempt(dir)).toMatchObject({ state: 'exited', exit: { exitCode: 7 } });
    // The wrapper is a file of its own; the script is never inside it.
    expect(readText(path.join(dir, 'wrapper.sh'))).not.toContain('echo out');
    expect(readText(path.join(dir, 'script.sh'))).toBe('echo out\necho err >&2\nexit 7\n');
  });

  it('a command that ends at once leaves only its own output in the log (no job notice of the wrapper)', async () => {
    // bash prints "[1]+ Done ( trap … )" to the wrapper's stderr (the log) when the command has
    // ended before the wrapper turned job control off again: a `capture` would read it. The
    // window is short: the wrapper is run many times over, as start.ts launches it (bash -c,
    // stdout and stderr the log), a few at once.
    const wrapper = shellProgram('wrapper.sh');
    const once = (dir: string) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'script.sh'), 'echo b-4242\n');
      const log = openSync(path.join(dir, 'log'), 'a');
      const child = spawn('/bin/bash', ['-c', `set -euo pipefail; . '${wrapper}' main '${dir}' '' 10.000`], {
        stdio: ['ignore', log, log],
      });
      closeSync(log);
      return new Promise((resolve) => child.once('exit', resolve));
    };
    const dirs = Array.from({ length: 200 }, () => attempt());
    for (let i = 0; i < dirs.length; i += 8) await Promise.all(dirs.slice(i, i + 8).map(once));
    for (const dir of dirs) {
      expect(readText(path.join(dir, 'exit.json'))).toContain('"exitCode":0');
      expect(readText(path.join(dir, 'log'))).toBe('b-4242\n');
    }
  });

  it('runs scripts with -e -o pipefail: a failing command stops the step', async () => {
    const dir = attempt();
    await startAttempt({ attemptDir: dir, script: 'echo one\nfalse | cat\necho never\n', env: {} });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 1 });
    expect(readText(path.join(dir, 'log'))).toBe('one\n');
  });

  it('gives the step an allow-listed environment plus its variables, never ZX_* or BASH_ENV', async () => {
    const dir = attempt();
    const bashEnv = path.join(tempDir(), 'bash_env');
    writeFileSync(bashEnv, 'echo BASH_ENV-WAS-SOURCED\n');
    const saved = { ...process.env };
    Object.assign(process.env, {
      ZX_PREFIX: 'echo injected;',
      ZX_SHELL: '/bin/sh',
      BASH_ENV: bashEnv,
      RC_LEAK: 'x',
    });
    try {
      await startAttempt({ attemptDir: dir, script: 'env | sort\n', env: { RELEASE_TAG: 'v2.0.1' } });
    } finally {
      process.env = saved;
    }
    await waitForExit(dir, { pollMs: 50 });
    const names = readText(path.join(dir, 'log'))
      .split('\n')
      .map((line) => line.split('=')[0]);
    expect(readText(path.join(dir, 'log'))).toContain('RELEASE_TAG=v2.0.1\n');
    expect(readText(path.join(dir, 'log'))).toContain('PYTHONUNBUFFERED=1\n');
    expect(readText(path.join(dir, 'log'))).not.toContain('BASH_ENV-WAS-SOURCED');
    expect(readText(path.join(dir, 'log'))).not.toContain('injected');
    for (const name of ['ZX_PREFIX', 'ZX_SHELL', 'BASH_ENV', 'RC_LEAK']) expect(names).not.toContain(name);
  });

  it('refuses variable names that change how bash starts or that bash sets itself', async () => {
    await expect(
      startAttempt({ attemptDir: attempt(), script: 'true', env: { BASH_ENV: '/tmp/x' } }),
    ).rejects.toThrow(/BASH_ENV/);
    await expect(
      startAttempt({ attemptDir: attempt(), script: 'true', env: { 'A B': 'x' } }),
    ).rejects.toThrow(/not a valid/);
    // bash's own variables: the two ways of starting would treat them differently.
    await expect(
      startAttempt({ attemptDir: attempt(), script: 'true', env: { UID: '12345' } }),
    ).rejects.toThrow(/UID is set by bash itself/);
  });

  it('delivers hostile values to the script literally, as data', async () => {
    const values = [
      '; rm -rf /tmp/x',
      '$(id)',
      '`id`',
      'line1\nline2\n',
      '--upload-pack=x',
      `'"\\ "'`,
      'привет ✓ 日本語 🚀',
      ['$HOME', '$' + '{PATH}', '*'].join(' '),
      '-n',
    ];
    const env = Object.fromEntries(values.map((value, i) => [`V${i}`, value]));
    const script = `printf '%s\\0' ${values.map((_, i) => `"$V${i}"`).join(' ')}\n`;
    const dir = attempt();
    await startAttempt({ attemptDir: dir, script, env });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 0 });
    expect(readFileSync(path.join(dir, 'log'))).toEqual(Buffer.from(values.map((v) => `${v}\0`).join('')));
  });

  it('keeps secret values out of every process argv (ps)', async () => {
    const secret = 'S3cr3t-value-that-must-not-leak';
    const dir = attempt();
    await startAttempt({ attemptDir: dir, script: 'sleep 1 && sleep 1\n', env: { DB_PASSWORD: secret } });
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps).toContain(path.join(dir, 'wrapper.sh'));
    expect(ps).toContain(path.join(dir, 'script.sh'));
    expect(ps).not.toContain(secret);
    const pid = readPidRecord(dir);
    // The value is in the command's environment, where only the same user and root can look.
    expect(readFileSync(`/proc/${pid?.pgid}/environ`, 'utf8')).toContain(`DB_PASSWORD=${secret}`);
    process.kill(-(pid?.pgid ?? 0), 'SIGKILL');
    await waitForExit(dir, { pollMs: 50 });
  });

  it('claims the attempt: a second wrapper refuses, while and after it runs; the flock is held while it runs', async () => {
    const dir = attempt();
    const first = await startAttempt({ attemptDir: dir, script: 'sleep 3\n', env: {} });
    const second = wrapperAgain(dir);
    expect(second.status).toBe(WRAPPER_LOCKED_EXIT);
    expect(readPidRecord(dir)).toEqual(first);
    expect(second.stderr).toContain('already started');
    // startAttempt itself refuses a directory that holds an attempt.
    await expect(startAttempt({ attemptDir: dir, script: 'true', env: {} })).rejects.toThrow(/already holds/);
    await waitFor(() => isStepLockHeld(dir) || undefined, 'the kernel lock');
    process.kill(-first.pgid, 'SIGKILL');
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 137, signal: 'SIGKILL' });
    await waitFor(() => !isStepLockHeld(dir) || undefined, 'the lock to be released');
    // Ended, lock free: the attempt still never runs a second time.
    const third = wrapperAgain(dir);
    expect(third.status).toBe(WRAPPER_LOCKED_EXIT);
    expect(readText(path.join(dir, 'log'))).toBe('');
  });

  it('runs the command in a process group of its own, in the wrapper’s terminal-less session', async () => {
    const dir = attempt();
    const pid = await startAttempt({ attemptDir: dir, script: 'echo "$$"\nsleep 3\n', env: {} });
    // /proc/PID/stat after the ")": state ppid pgrp session tty_nr …
    const stat = (of: number) => readFileSync(`/proc/${of}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const [, , pgrp, session, tty] = stat(pid.pgid);
    expect(Number(pgrp)).toBe(pid.pgid);
    expect(Number(session)).toBe(pid.pid);
    expect(tty).toBe('0');
    // The script is a bash of its own: $$ is the command's pid, not the wrapper's.
    expect(await waitForLine(dir)).toBe(String(pid.pgid));
    process.kill(-pid.pgid, 'SIGKILL');
    await waitForExit(dir, { pollMs: 50 });
  });

  it('takes a stopped step for a running one: SIGSTOP records nothing, SIGCONT lets it finish', async () => {
    const dir = attempt();
    const pid = await startAttempt({ attemptDir: dir, script: 'sleep 0.6\necho done\n', env: {} });
    process.kill(-pid.pgid, 'SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(inspectAttempt(dir).state).toBe('running');
    process.kill(-pid.pgid, 'SIGCONT');
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 0, signal: null });
    expect(readText(path.join(dir, 'log'))).toBe('done\n');
  });

  it('applies the timeout with coreutils timeout: timedOut is recorded', async () => {
    const dir = attempt();
    await startAttempt({ attemptDir: dir, script: 'echo started\nsleep 10\n', env: {}, timeoutMs: 300 });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 124, timedOut: true });
    expect(readText(path.join(dir, 'log'))).toBe('started\n');
  });

  it('kills a command that ignores the timeout TERM after the grace period', async () => {
    const dir = attempt();
    const script = "trap 'echo ignoring TERM' TERM\necho started\nwhile :; do sleep 0.05 || true; done\n";
    await startAttempt({ attemptDir: dir, script, env: {}, timeoutMs: 300, killAfterMs: 200 });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 137, timedOut: true });
    expect(readText(path.join(dir, 'log'))).toContain('ignoring TERM');
  });

  it('fails loudly when the wrapper cannot start the command (tools missing from PATH)', async () => {
    await expect(
      startAttempt({ attemptDir: attempt(), script: 'true', env: { PATH: '/nonexistent' } }),
    ).rejects.toThrow(/wrapper exited before starting the command: .*flock not found/);
  });

  it('runs in the given working directory and refuses a missing one', async () => {
    const dir = attempt();
    const cwd = tempDir();
    await startAttempt({ attemptDir: dir, script: 'pwd\n', env: {}, cwd });
    await waitForExit(dir, { pollMs: 50 });
    expect(readText(path.join(dir, 'log'))).toBe(`${cwd}\n`);
    await expect(
      startAttempt({ attemptDir: attempt(), script: 'true', env: {}, cwd: path.join(cwd, 'missing') }),
    ).rejects.toThrow(/does not exist/);
  });
});

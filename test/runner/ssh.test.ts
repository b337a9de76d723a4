// Multi-host steps through a real OpenSSH server on 127.0.0.1 (test/helpers/sshd.ts): the
// script goes over stdin, hostile values arrive literally, each host has its own log and exit
// record, and one failing host fails the step (unless the plan allows it).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { cancelAttempt } from '../../src/runner/cancel.js';
import { inspectAttempt, waitForExit } from '../../src/runner/inspect.js';
import { readPidRecord } from '../../src/runner/records.js';
import { dropStandby, prepareStandby } from '../../src/runner/standby.js';
import { startAttempt } from '../../src/runner/start.js';
import { sshdUnavailable, startSshd, type TestSshd } from '../helpers/sshd.js';
import { describeWhere } from '../helpers/tools.js';
import { readText, tempDir, waitFor } from './util.js';

const unavailable = sshdUnavailable();

const HOSTILE = [
  '; rm -rf /tmp/x',
  '$(id)',
  '`id`',
  'two\nlines',
  '--upload-pack=x',
  `'"\\`,
  'привет ✓ 日本語',
  ['$HOME', '$' + '{PATH}', '*'].join(' '),
];

describeWhere(unavailable)('remote hosts over ssh', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd(['host-a', 'host-b']);
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  afterEach(() => dropStandby());

  it.each(['direct', 'standby'] as const)(
    'runs on each host with values intact; a failing host fails the step and is reported (%s)',
    async (way) => {
      const standbyPid = way === 'standby' ? await prepareStandby() : null;
      const attemptDir = path.join(tempDir(), 'attempts', 'deploy', '1');
      const env = Object.fromEntries(HOSTILE.map((value, i) => [`V${i}`, value]));
      const script = [
        '# read stdin: must not swallow the rest of the script',
        'cat >/dev/null',
        `printf '%s\\0' ${HOSTILE.map((_, i) => `"$V${i}"`).join(' ')}`,
        'printf "host=%s\\n" "$RC_HOST"',
        '[ "$RC_HOST" = host-b ] && exit 3',
        'echo done',
        '',
      ].join('\n');
      await startAttempt({
        attemptDir,
        script,
        env,
        hosts: ['host-a', 'host-b', sshd.deadAlias],
        concurrency: 2,
        ssh: { configFile: sshd.configFile },
      });
      const exit = await waitForExit(attemptDir, { pollMs: 50 });
      expect(exit).toMatchObject({ exitCode: 1, timedOut: false });
      if (standbyPid !== null) expect(readPidRecord(attemptDir)?.pid).toBe(standbyPid);

      const values = Buffer.from(HOSTILE.map((value) => `${value}\0`).join(''));
      for (const host of ['host-a', 'host-b']) {
        const log = readFileSync(path.join(attemptDir, 'hosts', host, 'log'));
        expect(log.subarray(0, values.length)).toEqual(values);
        expect(log.subarray(values.length).toString()).toBe(
          `host=${host}\n${host === 'host-a' ? 'done\n' : ''}`,
        );
      }
      const seen = inspectAttempt(attemptDir);
      expect(seen).toMatchObject({
        state: 'exited',
        hosts: {
          'host-a': { exitCode: 0 },
          'host-b': { exitCode: 3 },
          [sshd.deadAlias]: { exitCode: 255 },
        },
      });
      const summary = readText(path.join(attemptDir, 'log'));
      expect(summary).toMatch(/host-a ok/);
      expect(summary).toMatch(/host-b FAILED: exit 3/);
      expect(summary).toMatch(/host-down FAILED: ssh error 255/);
      expect(summary).toMatch(/3 hosts: 1 ok, 2 failed: host-b host-down/);
      // Values never travel in argv: not in the ssh command line the wrapper ran.
      expect(readText(path.join(attemptDir, 'wrapper.sh'))).not.toContain('rm -rf');
    },
  );

  it('succeeds despite failing hosts when the plan allows host failures', async () => {
    const attemptDir = path.join(tempDir(), 'attempts', 'deploy', '1');
    await startAttempt({
      attemptDir,
      script: '[ "$RC_HOST" = host-b ] && exit 4\necho fine\n',
      env: {},
      hosts: ['host-a', 'host-b'],
      allowHostFailures: true,
      ssh: { configFile: sshd.configFile },
    });
    expect(await waitForExit(attemptDir, { pollMs: 50 })).toMatchObject({ exitCode: 0 });
    expect(inspectAttempt(attemptDir)).toMatchObject({
      hosts: { 'host-a': { exitCode: 0 }, 'host-b': { exitCode: 4 } },
    });
    expect(readText(path.join(attemptDir, 'log'))).toContain('allowHostFailures');
  });

  it('a timeout stops every host and leaves an exit record for each', async () => {
    const attemptDir = path.join(tempDir(), 'attempts', 'deploy', '1');
    await startAttempt({
      attemptDir,
      script: 'sleep 20\n',
      env: {},
      hosts: ['host-a', 'host-b'],
      concurrency: 1,
      timeoutMs: 1500,
      killAfterMs: 500,
      ssh: { configFile: sshd.configFile },
    });
    expect(await waitForExit(attemptDir, { pollMs: 50 })).toMatchObject({ timedOut: true });
    expect(inspectAttempt(attemptDir)).toMatchObject({
      hosts: { 'host-a': { exitCode: null, timedOut: true }, 'host-b': { exitCode: null, notStarted: true } },
    });
  });

  it('cancel stops the command on the remote host too, not only the local ssh client', async () => {
    const attemptDir = path.join(tempDir(), 'attempts', 'deploy', '1');
    const marker = `${process.pid}${Date.now() % 1000}`;
    const remote = () =>
      execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).includes(`sleep 77.${marker}`);
    await startAttempt({
      attemptDir,
      script: `echo started\nsleep 77.${marker}\n`,
      env: {},
      hosts: ['host-a'],
      ssh: { configFile: sshd.configFile },
    });
    await waitFor(
      () => readText(path.join(attemptDir, 'hosts', 'host-a', 'log')).includes('started'),
      'the remote start',
      20_000,
    );
    await waitFor(remote, 'the remote sleep');
    const sent: string[] = [];
    await cancelAttempt(attemptDir, { graceMs: 3000, onSignal: (signal) => sent.push(signal) });
    expect(sent[0]).toBe('SIGINT');
    expect(await waitForExit(attemptDir, { pollMs: 50 })).toMatchObject({ timedOut: false });
    await waitFor(() => !remote(), 'the remote command to be stopped', 15_000);
  });

  it('refuses a host that ssh would read as an option', async () => {
    await expect(
      startAttempt({
        attemptDir: tempDir(),
        script: 'true',
        env: {},
        hosts: ['-oProxyCommand=touch /tmp/x'],
      }),
    ).rejects.toThrow(/not starting with "-"/);
  });
});

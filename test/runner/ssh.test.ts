// Multi-host steps through a real OpenSSH server on 127.0.0.1 (test/helpers/sshd.ts), host
// aliases all pointing at it: each host runs a detached remote attempt that the bastion's
// follower only follows. The link may drop (the follower's ssh clients killed, sshd restarted),
// the follower itself may die: the command runs on, and the bastion gets every byte once and
// the true exit code. A host whose command left no record is unknown, never failed or re-run.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cancelAttempt } from '../../src/runner/cancel.js';
import { inspectAttempt, waitForExit } from '../../src/runner/inspect.js';
import { readHostState, readPidRecord } from '../../src/runner/records.js';
import { remoteKey } from '../../src/runner/remote-start.js';
import { type StartAttemptOptions, startAttempt } from '../../src/runner/start.js';
import { processStartTime } from '../../src/sys/proc.js';
import { sshdUnavailable, startSshd, type TestSshd } from '../helpers/sshd.js';
import { describeWhere } from '../helpers/tools.js';
import { attemptDir, hostExit, hostLog, readText, startOnHosts, tempDir, waitFor } from './util.js';

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

/** Numbered lines, one every `pause` seconds: a gap or a duplicate shows in the log. */
function counting(lines: number, pause: number, exitCode: number | string = 0): string {
  return `i=0\nwhile [ $i -lt ${lines} ]; do i=$((i + 1)); echo "line $i"; sleep ${pause}; done\nexit ${exitCode}\n`;
}

function expectedCount(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `line ${i + 1}\n`).join('');
}

/** A pid read from a record, refused unless it is a real process id (kill(0) or kill(-0) would hit this test's own group). */
function pidOf(text: string | undefined): number {
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`not a pid: "${text}"`);
  return pid;
}

/** Every file below dir, with its contents. */
function filesBelow(dir: string): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    found.push({ file, text: readText(file) });
  }
  return found;
}

/**
 * Samples the argv of every process (/proc/PID/cmdline) until stop(), one full pass after
 * another with a turn of the event loop between passes: `found` lists each argv holding
 * `needle`; `passesWith` counts the passes in which some argv held `marker`.
 */
function sampleArgv(needle: string, marker: string) {
  const sample = { found: [] as string[], passesWith: 0 };
  let stopped = false;
  const pass = () => {
    let marked = false;
    for (const entry of readdirSync('/proc')) {
      if (!/^[0-9]+$/.test(entry)) continue;
      let args: string;
      try {
        args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue; // Gone meanwhile.
      }
      if (args.includes(needle)) sample.found.push(`${entry}: ${args}`);
      if (args.includes(marker)) marked = true;
    }
    if (marked) sample.passesWith++;
  };
  const loop = (async () => {
    while (!stopped) {
      pass();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    sample,
    stop: () => {
      stopped = true;
      return loop;
    },
  };
}

describeWhere(unavailable)('remote hosts over ssh', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd(['host-a', 'host-b', 'host-c', 'host-d']);
  });
  afterAll(async () => {
    killSshClients();
    await sshd?.stop();
  });

  /** The bastion's ssh clients of these tests, masters included (their argv names our config). */
  function sshClients(): number[] {
    const ps = execFileSync('ps', ['-eo', 'pid=,comm=,args='], { encoding: 'utf8' });
    return ps
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm, ...args]) => comm === 'ssh' && args.includes(sshd.configFile))
      .map(([pid]) => Number(pid));
  }
  function killSshClients(): number {
    const pids = sshClients();
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    return pids.length;
  }

  const start = (dir: string, script: string, hosts: string[], extra: Partial<StartAttemptOptions> = {}) =>
    startOnHosts(sshd.configFile, dir, script, hosts, extra);

  it('runs on each host with values intact; a failing host fails the step, an unreachable one never started', async () => {
    const dir = attemptDir();
    const env = Object.fromEntries(HOSTILE.map((value, i) => [`V${i}`, value]));
    const script = [
      '# read stdin: it is /dev/null on the host',
      'cat >/dev/null',
      `printf '%s\\0' ${HOSTILE.map((_, i) => `"$V${i}"`).join(' ')}`,
      'printf "host=%s\\n" "$RC_HOST"',
      '[ "$RC_HOST" = host-b ] && exit 3',
      'echo done',
      '',
    ].join('\n');
    await start(dir, script, ['host-a', 'host-b', sshd.deadAlias], {
      env,
      remote: { concurrency: 2, reconnectForMs: 1000 },
    });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 1, timedOut: false });
    const values = Buffer.from(HOSTILE.map((value) => `${value}\0`).join(''));
    for (const host of ['host-a', 'host-b']) {
      const log = readFileSync(path.join(dir, 'hosts', host, 'log'));
      expect(log.subarray(0, values.length)).toEqual(values);
      expect(log.subarray(values.length).toString()).toBe(
        `host=${host}\n${host === 'host-a' ? 'done\n' : ''}`,
      );
    }
    expect(inspectAttempt(dir)).toMatchObject({
      state: 'exited',
      hosts: {
        'host-a': { exitCode: 0 },
        'host-b': { exitCode: 3 },
        [sshd.deadAlias]: { exitCode: 255, notStarted: true },
      },
    });
    const summary = readText(path.join(dir, 'log'));
    expect(summary).toMatch(/host-a ok/);
    expect(summary).toMatch(/host-b FAILED: exit 3/);
    expect(summary).toMatch(/host-down FAILED: not reachable over ssh; never started/);
    expect(summary).toMatch(/3 hosts: 1 ok, 2 failed: host-b host-down/);
    // The remote attempt: under the host's state dir, named by plan, run (+ tag), step, attempt, host.
    const key = remoteKey(dir);
    expect(key).toMatch(/^plan\/run-[0-9a-f]{10}\/deploy\/1$/);
    expect(
      readText(path.join(sshd.remoteState, 'release-cockpit/attempts', key, 'host-a', 'exit')),
    ).toContain('"exitCode":0');
  });

  it('succeeds despite failing hosts when the plan allows host failures', async () => {
    const dir = attemptDir();
    await start(dir, '[ "$RC_HOST" = host-b ] && exit 4\necho fine\n', ['host-a', 'host-b'], {
      remote: { allowHostFailures: true },
    });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 0 });
    expect(inspectAttempt(dir)).toMatchObject({
      hosts: { 'host-a': { exitCode: 0 }, 'host-b': { exitCode: 4 } },
    });
    expect(readText(path.join(dir, 'log'))).toContain('allowHostFailures');
  });

  it("runs the command with the login's umask, and keeps the attempt's own files private", async () => {
    // collectstatic under the supervisor's umask 077 would leave files the web server cannot read.
    const dir = attemptDir();
    const login = execFileSync('ssh', ['-F', sshd.configFile, 'host-a', 'umask'], {
      encoding: 'utf8',
    }).trim();
    await start(
      dir,
      'umask\nrm -f "$HOME/rc-umask-made"\ntouch "$HOME/rc-umask-made"\nstat -c %a "$HOME/rc-umask-made"\n',
      ['host-a'],
    );
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 0 });
    const mode = (0o666 & ~Number.parseInt(login, 8)).toString(8);
    expect(hostLog(dir, 'host-a')).toBe(`${login}\n${mode}\n`);
    const remote = path.join(sshd.remoteState, 'release-cockpit/attempts', remoteKey(dir), 'host-a');
    for (const file of ['log', 'script.sh', 'exit'])
      expect(statSync(path.join(remote, file)).mode & 0o077).toBe(0);
  });

  it('applies the timeout on each host, and none where the step has none', async () => {
    // No timeout: the command outlives the timeout's grace (which must not stand in for one).
    const free = attemptDir();
    await start(free, 'sleep 1.5\n', ['host-a'], { killAfterMs: 500 });
    expect(await waitForExit(free, { pollMs: 50 })).toMatchObject({ exitCode: 0, timedOut: false });
    const dir = attemptDir();
    await start(dir, 'sleep 20\n', ['host-a', 'host-b'], { timeoutMs: 1500, killAfterMs: 500 });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 1, timedOut: true });
    expect(inspectAttempt(dir)).toMatchObject({
      hosts: { 'host-a': { exitCode: 124, timedOut: true }, 'host-b': { exitCode: 124, timedOut: true } },
    });
  });

  it.each([0, 5])(
    'the bastion’s ssh clients killed mid-step: the command runs on, the log has no gap and no duplicate, exit %i',
    async (code) => {
      const dir = attemptDir();
      await start(dir, counting(30, 0.1, code), ['host-a', 'host-b']);
      await waitFor(() => hostLog(dir, 'host-a').includes('line 5\n'), 'output from host-a');
      expect(killSshClients()).toBeGreaterThan(0);
      await waitFor(
        () => readHostState(dir, 'host-a')?.state === 'reconnecting' || undefined,
        'reconnecting',
      );
      expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: code === 0 ? 0 : 1 });
      for (const host of ['host-a', 'host-b']) {
        expect(hostLog(dir, host)).toBe(expectedCount(30));
        expect(hostExit(dir, host)).toMatchObject({ exitCode: code });
      }
      expect(readText(path.join(dir, 'log'))).toMatch(/host-a reconnected after [0-9]+ tries/);
    },
  );

  it('sshd stopped for longer than a backoff (and reconnectFor: unreachable), then started again: same, exit 0 and 7', async () => {
    const dir = attemptDir();
    const script = counting(40, 0.1, '"$(if [ "$RC_HOST" = host-a ]; then echo 0; else echo 7; fi)"');
    await start(dir, script, ['host-a', 'host-b'], { remote: { reconnectForMs: 1500 } });
    await waitFor(() => hostLog(dir, 'host-b').includes('line 3\n'), 'output from host-b');
    await sshd.down();
    await waitFor(
      () => (readHostState(dir, 'host-a')?.reconnects ?? 0) >= 2 || undefined,
      'two failed tries',
    );
    await waitFor(() => readHostState(dir, 'host-a')?.state === 'unreachable' || undefined, 'unreachable');
    await sshd.up();
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 1 });
    for (const host of ['host-a', 'host-b']) expect(hostLog(dir, host)).toBe(expectedCount(40));
    expect(hostExit(dir, 'host-a')).toMatchObject({ exitCode: 0 });
    expect(hostExit(dir, 'host-b')).toMatchObject({ exitCode: 7 });
    expect(readText(path.join(dir, 'log'))).toMatch(/host-a unreachable for [0-9]+ s; still trying/);
  });

  it('the follower itself killed with its ssh clients: a new one follows to the real outcome', async () => {
    const dir = attemptDir();
    await start(dir, counting(30, 0.1, 3), ['host-a', 'host-b']);
    await waitFor(() => hostLog(dir, 'host-a').includes('line 4\n'), 'output from host-a');
    const follower = readPidRecord(dir);
    process.kill(pidOf(String(follower?.pid)), 'SIGKILL');
    killSshClients();
    await waitFor(
      () => processStartTime(follower?.pid ?? 0) !== follower?.pidStart || undefined,
      'the follower to die',
    );
    expect(inspectAttempt(dir)).toMatchObject({ state: 'running', needsFollower: true });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 1 });
    expect(readPidRecord(dir)?.pid).not.toBe(follower?.pid);
    for (const host of ['host-a', 'host-b']) {
      expect(hostLog(dir, host)).toBe(expectedCount(30));
      expect(hostExit(dir, host)).toMatchObject({ exitCode: 3 });
    }
  });

  it('a supervisor killed (no exit record) or a changed boot id: the host is unknown, nothing re-runs', async () => {
    const dir = attemptDir();
    const marker = path.join(tempDir(), 'ran');
    await start(dir, `echo "$RC_HOST" >> '${marker}'\nsleep 4\n`, ['host-a', 'host-b']);
    const remote = (host: string) =>
      path.join(sshd.remoteState, 'release-cockpit/attempts', remoteKey(dir), host);
    for (const host of ['host-a', 'host-b']) {
      await waitFor(
        () => readText(path.join(remote(host), 'pg')) !== '' || undefined,
        `the command on ${host}`,
      );
    }
    await waitFor(() => readText(marker).split('\n').length === 3 || undefined, 'both commands to run');
    // host-a: the supervisor and its command killed, so no exit record will come.
    const [supervisor] = readText(path.join(remote('host-a'), 'pid')).split(' ');
    const [group] = readText(path.join(remote('host-a'), 'pg')).split(' ');
    process.kill(pidOf(supervisor), 'SIGKILL');
    process.kill(-pidOf(group), 'SIGKILL');
    // host-b: as if the host had restarted since (its recorded boot differs from the host's).
    const pid = readText(path.join(remote('host-b'), 'pid'))
      .trim()
      .split(' ');
    writeFileSync(path.join(remote('host-b'), 'pid'), `${pid[0]} ${pid[1]} another-boot ${pid[3]}\n`);
    const exit = await waitForExit(dir, { pollMs: 50 });
    expect(exit).toMatchObject({ exitCode: null, unknown: expect.stringContaining('host-a') });
    expect(hostExit(dir, 'host-a')).toMatchObject({
      exitCode: null,
      unknown: expect.stringContaining('gone'),
    });
    expect(hostExit(dir, 'host-b')).toMatchObject({
      exitCode: null,
      unknown: expect.stringContaining('restarted'),
    });
    expect(readHostState(dir, 'host-a')?.state).toBe('unknown');
    expect(readText(marker).split('\n').sort()).toEqual(['', 'host-a', 'host-b']);
  });

  it('an attempt claimed twice on a host (same attempt) runs once', async () => {
    const dir = attemptDir();
    const marker = path.join(tempDir(), 'ran');
    await start(dir, `echo once >> '${marker}'\nsleep 1\n`, ['host-a']);
    // A second follower starting the same attempt (same follow.conf, so the same remote key).
    const again = path.join(tempDir(), 'again');
    cpSync(dir, again, {
      recursive: true,
      filter: (src) => !/(step\.lock|pid\.json|exit\.json|started)$/.test(src),
    });
    const second = spawnSync(
      'bash',
      ['--noprofile', '--norc', path.join(again, 'follow.sh'), 'start', again],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(second.status).toBe(0);
    await waitForExit(dir, { pollMs: 50 });
    expect(readText(marker)).toBe('once\n');
    // Its log lines go to its stdout here (a launched follower's stdout is the step's log).
    expect(second.stdout).toMatch(/host-a started/);
    expect(hostExit(again, 'host-a')).toMatchObject({ exitCode: 0 });
  });

  it('cancel stops the remote process group; a recycled pid with another start time is never signalled', async () => {
    const dir = attemptDir();
    await start(dir, 'trap "echo got INT; exit 130" INT\necho started\nwhile :; do sleep 0.1; done\n', [
      'host-a',
    ]);
    await waitFor(() => hostLog(dir, 'host-a').includes('started'), 'the remote start', 20_000);
    const sent: string[] = [];
    await cancelAttempt(dir, { graceMs: 2000, onSignal: (signal) => sent.push(signal) });
    expect(sent).toEqual(['SIGINT']);
    await waitForExit(dir, { pollMs: 50 });
    expect(hostExit(dir, 'host-a')).toMatchObject({ exitCode: 130 });
    expect(hostLog(dir, 'host-a')).toContain('got INT');

    // A recorded group whose leader's start time differs: a pid the kernel gave to someone else.
    const other = attemptDir();
    await start(other, 'echo started\nsleep 30\n', ['host-b']);
    const remote = path.join(sshd.remoteState, 'release-cockpit/attempts', remoteKey(other), 'host-b');
    await waitFor(() => readText(path.join(remote, 'pg')) !== '' || undefined, 'the command');
    const group = pidOf(readText(path.join(remote, 'pg')).split(' ')[0]);
    writeFileSync(path.join(remote, 'pg'), `${group} 1\n`);
    await cancelAttempt(other, { graceMs: 1000, settleMs: 500 });
    expect(processStartTime(group)).not.toBeNull(); // Still running: not signalled.
    expect(hostLog(other, 'host-b')).not.toContain('cancel: SIG');
    process.kill(-group, 'SIGKILL');
    await waitForExit(other, { pollMs: 50 });
  });

  it("cancel escalates INT, TERM, KILL on each host with the step's grace, and reports each signal per host", async () => {
    const dir = attemptDir();
    const script =
      "trap 'echo ignored INT' INT\ntrap 'echo ignored TERM' TERM\necho started\nwhile :; do sleep 0.1 || :; done\n";
    await start(dir, script, ['host-a', 'host-b'], { remote: { cancelGraceMs: 1000 } });
    for (const host of ['host-a', 'host-b'])
      await waitFor(() => hostLog(dir, host).includes('started'), `the start on ${host}`, 20_000);
    const sent: { signal: string; host?: string; at?: string }[] = [];
    const how = await cancelAttempt(dir, {
      graceMs: 1000,
      onSignal: (signal, where) => sent.push({ signal, ...where }),
    });
    await waitForExit(dir, { pollMs: 50 });
    expect(how).toBe('exited');
    for (const host of ['host-a', 'host-b']) {
      expect(sent.filter((s) => s.host === host).map((s) => s.signal)).toEqual([
        'SIGINT',
        'SIGTERM',
        'SIGKILL',
      ]);
      for (const s of sent.filter((one) => one.host === host)) expect(s.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(hostLog(dir, host)).toContain('ignored TERM');
      expect(hostExit(dir, host)).toMatchObject({ exitCode: 137 });
    }
    expect(readText(path.join(dir, 'follow.conf'))).toMatch(/^cancelGrace 1$/m);
  });

  it('rolls out in batches: a failing health gate after the first batch stops the rest', async () => {
    const dir = attemptDir();
    const hosts = ['host-a', 'host-b', 'host-c', 'host-d'];
    await start(dir, 'echo "on $RC_HOST"\n', hosts, {
      remote: { batch: 2, health: 'echo "checking $RC_BATCH_HOSTS"\nexit 9\n' },
    });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 1 });
    expect(inspectAttempt(dir)).toMatchObject({
      hosts: {
        'host-a': { exitCode: 0 },
        'host-b': { exitCode: 0 },
        'host-c': { exitCode: null, notStarted: true },
        'host-d': { exitCode: null, notStarted: true },
      },
    });
    const log = readText(path.join(dir, 'log'));
    expect(log).toContain('checking host-a host-b');
    expect(log).toMatch(
      /stopped: the health gate after batch 1 failed \(exit 9\); not started: host-c host-d/,
    );
    expect(hostLog(dir, 'host-c')).toBe('');
  });

  it('a secret reaches the command, and no remote file, no argv (sampled all along) and no log', async () => {
    const secret = 'S3cr3t-remote-value-9f1c';
    const dir = attemptDir();
    // Every process's argv, sampled again and again from before the start until the step has
    // ended: the start (the follower, its ssh clients, remote.sh, the supervisor) included.
    // The marker: this attempt's remote supervisor, there while the command runs.
    const argv = sampleArgv(secret, `supervise.sh run ${sshd.remoteState}`);
    try {
      await start(dir, `echo "has-it $${'{'}#DB_PASSWORD}"\nsleep 1\n`, ['host-a'], {
        env: { DB_PASSWORD: secret },
      });
      await waitFor(() => hostLog(dir, 'host-a').includes(`has-it ${secret.length}`), 'the command');
      const remote = path.join(sshd.remoteState, 'release-cockpit/attempts', remoteKey(dir), 'host-a');
      // While it runs: no remote file holds it (the variables' file is gone once it started).
      for (const { file, text } of filesBelow(remote)) expect(text.includes(secret), file).toBe(false);
      await waitForExit(dir, { pollMs: 50 });
    } finally {
      await argv.stop();
    }
    expect(argv.sample.found).toEqual([]);
    // The sampling saw the step at work (the remote supervisor), in more than one pass.
    expect(argv.sample.passesWith).toBeGreaterThan(1);
    for (const { file, text } of [...filesBelow(sshd.remoteState), ...filesBelow(dir)]) {
      expect(text.includes(secret), file).toBe(false);
    }
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

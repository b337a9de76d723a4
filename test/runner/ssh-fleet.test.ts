// Multi-host steps through real OpenSSH servers on 127.0.0.1 (test/helpers/sshd.ts), beside
// ssh.test.ts: a cancel asked while a host is out of reach (queued, retried, shown, delivered
// when the host is back), the operator stopping to wait for a host out of reach, the rolling
// fan-out's maxFailures, and prune on two machines (two servers, each with its own remote
// state) where one host still runs its command.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CancelSignal, cancelAttempt } from '../../src/runner/cancel.js';
import { inspectAttempt, waitForExit } from '../../src/runner/inspect.js';
import { pruneRemote, remoteRunDirs } from '../../src/runner/prune.js';
import { readHostState } from '../../src/runner/records.js';
import { remoteKey } from '../../src/runner/remote-start.js';
import type { StartAttemptOptions } from '../../src/runner/start.js';
import { stopWaitingForUnreachable } from '../../src/runner/stop-waiting.js';
import { describeHost } from '../../src/session/host-text.js';
import { realHostStates } from '../../src/session/runner-port.js';
import { sshdUnavailable, startSshd, type TestSshd } from '../helpers/sshd.js';
import { describeWhere } from '../helpers/tools.js';
import { attemptDir, hostExit, hostLog, readText, startOnHosts, tempDir, waitFor } from './util.js';

const unavailable = sshdUnavailable();

/** A loop that waits for `release` to exist, or its directory to be gone (the test has ended). */
function untilReleased(release: string): string {
  return `while [ ! -e '${release}' ] && [ -d '${path.dirname(release)}' ]; do sleep 0.1; done`;
}

describeWhere(unavailable)('remote hosts over ssh: cancel out of reach, maxFailures, prune', () => {
  let sshd: TestSshd;
  /** A second machine (its own server and remote state) for prune. */
  let other: TestSshd;
  /** One ssh_config with the aliases of both servers. */
  let both: string;
  beforeAll(async () => {
    [sshd, other] = await Promise.all([
      startSshd(['host-a', 'host-b', 'host-c', 'host-d']),
      startSshd(['host-y']),
    ]);
    both = path.join(sshd.dir, 'ssh_config.both');
    writeFileSync(both, readFileSync(sshd.configFile, 'utf8') + readFileSync(other.configFile, 'utf8'));
  });
  afterAll(async () => {
    await Promise.all([sshd?.stop(), other?.stop()]);
  });

  const start = (dir: string, script: string, hosts: string[], extra: Partial<StartAttemptOptions> = {}) =>
    startOnHosts(both, dir, script, hosts, extra);

  it('a cancel asked while the host is out of reach is queued, retried and shown; once the host is back the command ends by it', async () => {
    const dir = attemptDir();
    await start(
      dir,
      // At most a minute: a failed test leaves nothing running for long.
      'trap "echo got INT; exit 130" INT\necho started\ni=0\nwhile [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.1; done\n',
      ['host-a'],
      { remote: { cancelGraceMs: 1000 } },
    );
    await waitFor(() => hostLog(dir, 'host-a').includes('started\n') || undefined, 'the command');
    await waitFor(() => readHostState(dir, 'host-a')?.state === 'running' || undefined, 'following');
    const sent: { signal: CancelSignal; host?: string; at?: string }[] = [];
    let ended: string | null = null;
    let cancelling: Promise<'exited' | 'killed'> | null = null;
    await sshd.down();
    try {
      await waitFor(
        () => readHostState(dir, 'host-a')?.state === 'reconnecting' || undefined,
        'the link lost',
      );
      // A short grace and settle: a cancel that gave up on a host it could not reach would end
      // long before the host is back.
      cancelling = cancelAttempt(dir, {
        graceMs: 300,
        settleMs: 100,
        onSignal: (signal, where) => sent.push({ signal, ...where }),
      }).then((how) => {
        ended = how;
        return how;
      });
      const queued = await waitFor(() => {
        const state = readHostState(dir, 'host-a');
        return state?.cancel === 'queued' ? state : undefined;
      }, 'the cancel queued');
      // Shown as such: the words the cockpit's host line and `status` print.
      const live = realHostStates(dir)['host-a'];
      expect(live && describeHost(live, Date.now())).toMatch(/^reconnecting \([0-9]+\), .*cancel queued$/);
      // Retried while out of reach: another failed try, the cancel still queued and still waited for.
      await waitFor(
        () => (readHostState(dir, 'host-a')?.reconnects ?? 0) > queued.reconnects || undefined,
        'another try',
      );
      expect(readHostState(dir, 'host-a')?.cancel).toBe('queued');
      expect(ended).toBeNull();
      expect(sent).toEqual([]);
      expect(inspectAttempt(dir).state).toBe('running');
    } finally {
      // Back up even when an expectation above failed: the next tests need the server.
      await sshd.up();
    }
    expect(await cancelling).toBe('exited');
    expect(sent).toEqual([
      { signal: 'SIGINT', host: 'host-a', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 1 });
    expect(hostExit(dir, 'host-a')).toMatchObject({ exitCode: 130 });
    expect(hostLog(dir, 'host-a')).toMatch(/^release-cockpit: cancel: SIGINT sent /m);
    expect(hostLog(dir, 'host-a')).toContain('got INT\n');
    expect(hostLog(dir, 'host-a')).not.toContain('SIGTERM');
    expect(readHostState(dir, 'host-a')).toMatchObject({ state: 'exited', cancel: 'sent' });
    expect(readText(path.join(dir, 'log'))).toContain('host-a cancel delivered');
  });

  it('stop waiting for a host out of reach: its outcome becomes unknown, its command is left to run, nothing fails or re-runs', async () => {
    const dir = attemptDir();
    const release = path.join(tempDir(), 'release');
    // host-a ends at once; host-b runs until the test lets it end (or its temp dir is gone).
    const script = `echo started\nif [ "$RC_HOST" = host-b ]; then ${untilReleased(release)}; fi\necho done\n`;
    await start(dir, script, ['host-a', 'host-b'], { remote: { reconnectForMs: 1000 } });
    await waitFor(
      () => readText(path.join(dir, 'hosts', 'host-a', 'exit.json')) || undefined,
      'host-a to end',
    );
    await waitFor(() => readHostState(dir, 'host-b')?.state === 'running' || undefined, 'host-b followed');
    const remote = path.join(sshd.remoteState, 'release-cockpit/attempts', remoteKey(dir), 'host-b');
    // In reach: nothing to stop waiting for.
    expect(stopWaitingForUnreachable(dir)).toEqual([]);
    await sshd.down();
    try {
      await waitFor(() => readHostState(dir, 'host-b')?.state === 'unreachable' || undefined, 'unreachable');
      expect(stopWaitingForUnreachable(dir)).toEqual(['host-b']);
      expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({
        exitCode: null,
        unknown: expect.stringContaining('host-b: out of reach for'),
      });
    } finally {
      await sshd.up();
    }
    expect(hostExit(dir, 'host-a')).toMatchObject({ exitCode: 0 });
    expect(hostExit(dir, 'host-b')).toMatchObject({
      exitCode: null,
      unknown: expect.stringMatching(/operator stopped waiting; its command may still run there$/),
    });
    expect(readHostState(dir, 'host-b')?.state).toBe('unknown');
    // Left to run there: it ends by itself once let go, never signalled.
    expect(readText(path.join(remote, 'exit'))).toBe('');
    writeFileSync(release, '');
    await waitFor(() => readText(path.join(remote, 'exit')) || undefined, 'the command on host-b to end');
    expect(readText(path.join(remote, 'exit'))).toContain('"exitCode":0');
    expect(readText(path.join(remote, 'log'))).toBe('started\ndone\n');
  });

  it('maxFailures: failed hosts beyond it stop further batches; hosts never started are recorded as such', async () => {
    const dir = attemptDir();
    const hosts = ['host-a', 'host-b', 'host-c', 'host-d'];
    await start(dir, 'echo "on $RC_HOST"\ncase $RC_HOST in host-a | host-b) exit 5 ;; esac\n', hosts, {
      remote: { batch: 1, maxFailures: 1 },
    });
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 1 });
    expect(inspectAttempt(dir)).toMatchObject({
      hosts: {
        // One failure is within maxFailures: the next batch started.
        'host-a': { exitCode: 5 },
        'host-b': { exitCode: 5 },
        'host-c': { exitCode: null, notStarted: true },
        'host-d': { exitCode: null, notStarted: true },
      },
    });
    for (const host of ['host-c', 'host-d']) {
      expect(hostLog(dir, host)).toBe('');
      expect(readHostState(dir, host)?.state).toBe('not-started');
    }
    const log = readText(path.join(dir, 'log'));
    expect(log).toContain('batch 2/4: host-b');
    expect(log).not.toContain('batch 3/4');
    expect(log).toMatch(
      /stopped: 2 failed, more than the 1 the plan allows \(maxFailures\); not started: host-c host-d/,
    );
  });

  it('prune removes a host’s remote directory once its command has ended, and leaves a host where it still runs', async () => {
    const dir = attemptDir();
    const runDir = path.resolve(dir, '../../..');
    const release = path.join(tempDir(), 'release');
    // host-y (the other machine) runs until the test lets it end (or its temp dir is gone).
    const script = `if [ "$RC_HOST" = host-y ]; then echo waiting; ${untilReleased(release)}; fi\necho done\n`;
    await start(dir, script, ['host-a', 'host-y']);
    await waitFor(
      () => readText(path.join(dir, 'hosts', 'host-a', 'exit.json')) || undefined,
      'host-a to end',
    );
    await waitFor(() => hostLog(dir, 'host-y').includes('waiting\n') || undefined, 'host-y to run');
    const dirs = remoteRunDirs(runDir);
    if (!dirs) throw new Error('no remote directories recorded');
    const runOn = (server: TestSshd) =>
      path.join(server.remoteState, 'release-cockpit/attempts', dirs.prefix);
    expect(existsSync(runOn(sshd))).toBe(true);

    expect(pruneRemote(dirs)).toEqual({ 'host-a': 'pruned', 'host-y': 'running deploy/1/host-y' });
    expect(existsSync(runOn(sshd))).toBe(false);
    const kept = path.join(runOn(other), 'deploy', '1', 'host-y');
    expect(readdirSync(kept)).toEqual(
      expect.arrayContaining(['log', 'pid', 'pg', 'script.sh', 'supervise.sh']),
    );

    // Left alone: the command runs on to its end, which the bastion records.
    writeFileSync(release, '');
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 0 });
    expect(hostLog(dir, 'host-y')).toBe('waiting\ndone\n');
    expect(hostExit(dir, 'host-y')).toMatchObject({ exitCode: 0 });
    expect(pruneRemote(dirs)).toEqual({ 'host-a': 'pruned', 'host-y': 'pruned' });
    expect(existsSync(runOn(other))).toBe(false);
  });
});

// Multi-host steps through the whole stack: a headless run whose gate and command go to two
// aliases of a throwaway sshd on 127.0.0.1 (test/helpers/sshd.ts), with the remote working
// directory and a hostile value arriving as data; the whole cockpit killed mid-step and the
// next run following the hosts to their end; then one host down fails the step, per host.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readHostState } from '../../src/runner/records.js';
import { processStartTime } from '../../src/sys/proc.js';
import { CLI, ROOT, runCli } from '../helpers/cli.js';
import { sshdUnavailable, startSshd, type TestSshd } from '../helpers/sshd.js';
import { describeWhere } from '../helpers/tools.js';
import { fixture, journal, tempDir } from './helpers.js';

const unavailable = sshdUnavailable();

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** A pid from a record, refused unless it is a real process id (kill(-0) would hit this test's own group). */
function pidOf(pid: unknown): number {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1) throw new Error(`not a pid: ${pid}`);
  return pid;
}

/** The attempt's pid.json as the follower wrote it ("follower": start or follow). */
function followerRecord(attempt: string): { pid: number; pidStart: string; follower: string } {
  return JSON.parse(readFileSync(path.join(attempt, 'pid.json'), 'utf8'));
}

describeWhere(unavailable)('steps on ssh hosts through a headless run', () => {
  let sshd: TestSshd;
  let state: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    sshd = await startSshd(['host-a', 'host-b']);
    state = tempDir();
  });
  afterAll(async () => {
    await sshd?.stop();
    state?.cleanup();
  });

  /** The bastion's ssh clients of these tests, masters included (their argv names our config). */
  function killSshClients(): void {
    for (const line of execFileSync('ps', ['-eo', 'pid=,comm=,args='], { encoding: 'utf8' }).split('\n')) {
      const [pid, comm, ...rest] = line.trim().split(/\s+/);
      if (comm !== 'ssh' || !rest.includes(sshd.configFile)) continue;
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Ended between ps and the kill (a short ssh call).
      }
    }
  }

  function headless(run: string, hosts: string, appDir: string) {
    const tag = `v1 $(id) ; "quoted" 'single' --x`;
    return {
      tag,
      result: runCli(
        ['run', fixture('remote-real'), '--run', run, '--headless', '--state-dir', state.dir].concat([
          '--var',
          `HOSTS=${hosts}`,
          '--var',
          `APP_DIR=${appDir}`,
          '--var',
          `TAG=${tag}`,
        ]),
        { env: { RELEASE_COCKPIT_SSH_CONFIG: sshd.configFile } },
      ),
    };
  }

  it('polls a gate and runs a command on each host, in the remote cwd, values literal', () => {
    const appDir = path.join(state.dir, 'app');
    mkdirSync(appDir);
    writeFileSync(path.join(appDir, 'ready'), '');
    const { tag, result } = headless('ok', 'host-a host-b', appDir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/step ready poll 1: passed/);
    expect(result.stdout).toContain('step deploy started (attempt 1, pid');
    expect(result.stdout).toContain('hosts host-a host-b');
    for (const host of ['host-a', 'host-b']) {
      expect(readFileSync(path.join(appDir, `deployed-${host}`), 'utf8')).toBe(tag);
    }
    const finished = journal(state.dir, 'remote-real', 'ok').find(
      (r) => r.type === 'step.finished' && r.step === 'deploy',
    );
    expect(finished?.type === 'step.finished' && finished.data.hosts).toMatchObject({
      'host-a': { exitCode: 0 },
      'host-b': { exitCode: 0 },
    });
  });

  it('prune removes what the run left on its hosts, and the report says so (after the run above)', () => {
    const runRemote = () =>
      readdirSync(path.join(sshd.remoteState, 'release-cockpit/attempts/remote-real')).filter((name) =>
        name.startsWith('ok-'),
      );
    expect(runRemote()).toHaveLength(1);
    const report = () =>
      runCli(['report', fixture('remote-real'), '--run', 'ok', '--state-dir', state.dir]).stdout;
    expect(report()).toMatch(
      /stay under ~\/\.local\/state\/release-cockpit\/attempts\/remote-real\/ok-[0-9a-f]+\/ on host-a, host-b/,
    );
    const pruned = runCli(['prune', fixture('remote-real'), '--run', 'ok', '--state-dir', state.dir], {
      env: { RELEASE_COCKPIT_SSH_CONFIG: sshd.configFile },
    });
    expect(pruned.stderr).toBe('');
    expect(pruned.stdout).toBe('host-a: pruned\nhost-b: pruned\n');
    expect(pruned.code).toBe(0);
    expect(runRemote()).toEqual([]);
    expect(report()).toContain('Removed by prune on host-a, host-b.');
  });

  it('the whole cockpit killed mid-step (the headless run, its follower, its ssh clients): status shows each host, the next run follows them to the real end and starts nothing', async () => {
    const env = { ...process.env, NO_COLOR: '1', RELEASE_COCKPIT_SSH_CONFIG: sshd.configFile };
    const marker = path.join(sshd.remoteState, 'remote-follow-started-on');
    const vars = ['--var', 'HOSTS=host-a host-b'];
    const args = ['run', fixture('remote-follow'), '--run', 'killed', '--headless', '--state-dir', state.dir];
    const first = spawn(process.execPath, [CLI, ...args, ...vars], { cwd: ROOT, env, stdio: 'ignore' });
    const attempt = path.join(state.dir, 'runs', 'remote-follow', 'killed', 'attempts', 'deploy', '1');
    for (const host of ['host-a', 'host-b'])
      await until(() => readHostState(attempt, host)?.state === 'running', `${host} followed`);
    await until(() => readOr(path.join(attempt, 'hosts', 'host-a', 'log')).includes('line 5\n'), 'output');
    first.kill('SIGKILL');
    // The detached follower and all it started (its per-host loops and ssh clients share its
    // process group), then the bastion's ssh clients that live outside it (the masters).
    const follower = followerRecord(attempt);
    process.kill(-pidOf(follower.pid), 'SIGKILL');
    killSshClients();
    await until(() => processStartTime(follower.pid) !== follower.pidStart, 'the follower to die');

    const status = runCli(['status', fixture('remote-follow'), '--run', 'killed', '--state-dir', state.dir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/deploy\s+command\s+running/);
    expect(status.stdout).toContain(
      'hosts of deploy (no follower on this bastion now: the next open follows them again):\n  host-a: running\n  host-b: running\n',
    );

    const again = runCli([...args, ...vars], { env: { RELEASE_COCKPIT_SSH_CONFIG: sshd.configFile } });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('step after started');
    // A new follower did the rest: one that follows, never one that starts the command.
    const second = followerRecord(attempt);
    expect(second.pid).not.toBe(follower.pid);
    expect(second.follower).toBe('follow');
    expect(readOr(marker).split('\n').sort()).toEqual(['', 'host-a', 'host-b']);
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}\n`).join('');
    for (const host of ['host-a', 'host-b'])
      expect(readOr(path.join(attempt, 'hosts', host, 'log'))).toBe(lines);
    const records = journal(state.dir, 'remote-follow', 'killed');
    const finished = records.find((r) => r.type === 'step.finished' && r.step === 'deploy');
    expect(finished?.type === 'step.finished' && finished.data.hosts).toMatchObject({
      'host-a': { exitCode: 0 },
      'host-b': { exitCode: 3 },
    });
    // Host states are journaled as transitions: one "exited" per host, not one per poll.
    const exited = records.filter((r) => r.type === 'step.hostState' && r.data.state === 'exited');
    expect(exited.map((r) => r.type === 'step.hostState' && r.data.host).sort()).toEqual([
      'host-a',
      'host-b',
    ]);
  });

  it('fails the step when one host is down and reports each host (the one never reached as never started)', () => {
    const result = runCli(
      ['run', fixture('remote-deploy'), '--run', 'down', '--headless', '--state-dir', state.dir].concat([
        '--var',
        `HOSTS=host-a ${sshd.deadAlias}`,
      ]),
      { env: { RELEASE_COCKPIT_SSH_CONFIG: sshd.configFile } },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('stopped: step deploy (Deploy on every host) failed with exit code 1');
    expect(result.stdout).not.toContain('step after started');
    const finished = journal(state.dir, 'remote-deploy', 'down').find((r) => r.type === 'step.finished');
    expect(finished?.type === 'step.finished' && finished.data.hosts).toMatchObject({
      'host-a': { exitCode: 0 },
      [sshd.deadAlias]: { exitCode: 255, notStarted: true },
    });
    const report = runCli(['report', fixture('remote-deploy'), '--run', 'down', '--state-dir', state.dir]);
    expect(report.stdout).toMatch(/- host-a: exit 0 \(/);
    expect(report.stdout).toMatch(new RegExp(`- ${sshd.deadAlias}: never started \\(`));
  });
});

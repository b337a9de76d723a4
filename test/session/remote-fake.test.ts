// Multi-host steps through the session with a fake process layer (the runner's own tests
// drive real ssh): what the session asks the runner to start for a gate and a command on hosts.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openRunSession } from '../../src/session/open.js';
import type { AttemptSpec, RunnerPort } from '../../src/session/ports.js';
import type { HostLive } from '../../src/session/types.js';
import { eventually, fakeRunner, fixture, journal, OPERATOR, startedIn, tempDir } from './helpers.js';

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

/** The `remote` fixture (two hosts) with this process layer. */
function openRemote(runner: RunnerPort) {
  return openRunSession({
    planPath: fixture('remote'),
    run: 'r',
    stateDir: state.dir,
    operator: OPERATOR,
    variables: { HOSTS: 'web1 web2', APP_DIR: '/srv/app' },
    runner,
  });
}

/** A process layer whose attempts start and run until the session closes. */
function runsUntilClosed(parts: Partial<RunnerPort>): RunnerPort {
  return fakeRunner({
    async start(spec) {
      mkdirSync(spec.dir, { recursive: true });
      return startedIn(spec.dir, 1);
    },
    waitForExit: (_dir, _recorded, signal) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true })),
    ...parts,
  });
}

function hostsRunner(started: AttemptSpec[]): RunnerPort {
  return fakeRunner({
    async start(spec) {
      started.push(spec);
      mkdirSync(spec.dir, { recursive: true });
      for (const host of spec.hosts ?? []) {
        mkdirSync(path.join(spec.dir, 'hosts', host), { recursive: true });
        writeFileSync(path.join(spec.dir, 'hosts', host, 'log'), `ok on ${host}\n`);
      }
      return startedIn(spec.dir, 1);
    },
    async waitForExit(dir) {
      const hosts = Object.fromEntries(
        (started.find((s) => s.dir === dir)?.hosts ?? []).map((h) => [
          h,
          { exitCode: 0, logPath: path.join(dir, 'hosts', h, 'log') },
        ]),
      );
      return {
        exit: { exitCode: 0, signal: null, endedAt: new Date().toISOString(), timedOut: false },
        hosts,
      };
    },
    async cancel() {},
    async runCaptured() {
      throw new Error('a gate on hosts must not poll locally');
    },
  });
}

it('runs gates and commands on hosts through the runner with the remote cwd as data', async () => {
  const started: AttemptSpec[] = [];
  const session = await openRunSession({
    planPath: fixture('remote'),
    run: 'r',
    stateDir: state.dir,
    operator: OPERATOR,
    variables: { HOSTS: 'web1 web2', APP_DIR: '/srv/app' },
    runner: hostsRunner(started),
  });
  try {
    await session.start('ready');
    await session.until(() => session.view().state.steps.ready?.status === 'succeeded');
    const poll = session.view().state.steps.ready?.attempts[0]?.polls[0];
    expect(poll?.output).toBe('[web1] exit 0: ok on web1\n[web2] exit 0: ok on web2');
    await session.start('deploy');
    await session.until(() => session.view().state.steps.deploy?.status === 'succeeded');
    expect(session.view().state.steps.deploy?.attempts[0]?.hosts).toEqual(['web1', 'web2']);
    expect(session.view().state.steps.deploy?.attempts[0]?.hostResults?.web2?.exitCode).toBe(0);
  } finally {
    await session.close();
  }
  expect(started).toHaveLength(2);
  for (const spec of started) {
    expect(spec.hosts).toEqual(['web1', 'web2']);
    expect(spec.cwd).toBeUndefined();
    expect(spec.env.RC_CWD).toBe('/srv/app');
    expect(spec.script.startsWith('cd -- "$RC_CWD"\n')).toBe(true);
  }
  expect(started[0]?.dir).toMatch(/attempts\/ready\/1\/polls\/1$/);
});

it('hands the rollout to the runner, journals host state changes, and takes a host without an outcome for unknown', async () => {
  const started: AttemptSpec[] = [];
  let live: Record<string, HostLive> = {};
  const runner = fakeRunner({
    async start(spec) {
      started.push(spec);
      mkdirSync(spec.dir, { recursive: true });
      return startedIn(spec.dir, 1);
    },
    hostStates: () => live,
    async waitForExit() {
      live = { web1: { state: 'reconnecting', since: 'x', reconnects: 1, lastOutputAt: null } };
      await new Promise((resolve) => setTimeout(resolve, 1500));
      live = {
        web1: { state: 'reconnecting', since: 'x', reconnects: 5, lastOutputAt: null },
        web2: { state: 'unknown', since: 'x', reconnects: 0, reason: 'gone', lastOutputAt: null },
      };
      return {
        exit: { exitCode: null, signal: null, endedAt: new Date().toISOString(), timedOut: false },
        unknown: 'web2: gone',
      };
    },
    async cancel() {},
  });
  const session = await openRunSession({
    planPath: fixture('remote-rolling'),
    run: 'r',
    stateDir: state.dir,
    operator: OPERATOR,
    variables: {},
    runner,
  });
  try {
    await session.start('deploy');
    await session.until(() => session.view().state.steps.deploy?.status === 'unknown');
  } finally {
    await session.close();
  }
  expect(started[0]?.remote).toEqual({
    reconnectForMs: 90_000,
    batch: 2,
    maxFailures: 1,
    health: 'curl -fsS "https://$RC_BATCH_HOSTS/health"',
    cancelGraceMs: 5000,
  });
  const records = journal(state.dir, 'remote-rolling', 'r');
  const states = records.flatMap((r) =>
    r.type === 'step.hostState' ? [`${r.data.host} ${r.data.state}`] : [],
  );
  // A change each, not one record per retry.
  expect(states).toEqual(['web1 reconnecting', 'web2 unknown']);
  const unknown = records.find((r) => r.type === 'step.unknown');
  expect(unknown?.type === 'step.unknown' && unknown.data.reason).toContain('web2: gone');
  expect(records.some((r) => r.type === 'step.finished')).toBe(false);
});

it('a cancel still waiting for a host out of reach: closing the session ends the wait and decides nothing', async () => {
  let given: AbortSignal | undefined;
  const runner = runsUntilClosed({
    // As the real runner's cancel does while a host's cancel is queued: it waits until aborted.
    cancel: (_dir, _recorded, _onSignal, _grace, signal) =>
      new Promise((resolve) => {
        given = signal;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      }),
  });
  const session = await openRemote(runner);
  await session.start('deploy');
  const cancelling = session.cancel('deploy');
  await eventually(() => given !== undefined);
  expect(session.view().state.steps.deploy?.status).toBe('running');
  await session.close();
  await cancelling;
  expect(given?.aborted).toBe(true);
  const types = journal(state.dir, 'remote', 'r').flatMap((r) => (r.step === 'deploy' ? [r.type] : []));
  // Still running as far as anyone knows: no cancel is recorded before the host has ended.
  expect(types).toEqual(['step.starting', 'step.started']);
});

it('stop waiting asks the runner about the running attempt and journals the decision; refused when no host is out of reach', async () => {
  let outOfReach: string[] = [];
  const asked: string[] = [];
  const runner = runsUntilClosed({
    stopWaiting(dir) {
      asked.push(dir);
      return outOfReach;
    },
  });
  const session = await openRemote(runner);
  try {
    await expect(session.stopWaiting('deploy')).rejects.toThrow('step deploy is not a running step on hosts');
    await session.start('deploy');
    await expect(session.stopWaiting('deploy')).rejects.toThrow('no host of step deploy is out of reach now');
    outOfReach = ['web2'];
    expect(await session.stopWaiting('deploy')).toEqual(['web2']);
    expect(session.view().state.steps.deploy?.status).toBe('running');
  } finally {
    await session.close();
  }
  expect(asked.map((dir) => path.relative(state.dir, dir))).toEqual([
    'runs/remote/r/attempts/deploy/1',
    'runs/remote/r/attempts/deploy/1',
  ]);
  const notes = journal(state.dir, 'remote', 'r').flatMap((r) =>
    r.type === 'note' && r.step === 'deploy' ? [r.data.text] : [],
  );
  expect(notes).toEqual([
    'stopped waiting for web2 (out of reach): the outcome there becomes unknown, its command may still run',
  ]);
});

// Multi-host steps through the session with a fake process layer (the runner's own tests
// drive real ssh): what the session asks the runner to start for a gate and a command on hosts.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openRunSession } from '../../src/session/open.js';
import type { AttemptSpec, RunnerPort } from '../../src/session/ports.js';
import { fakeRunner, fixture, OPERATOR, startedIn, tempDir } from './helpers.js';

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

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

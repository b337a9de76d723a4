// Cancel pressed while the step is still starting (announced, its process not recorded yet):
// the cancel waits for the process and stops it, instead of finding nothing and journaling a
// cancel while the command runs on.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openRunSession } from '../../src/session/open.js';
import type { RunnerPort } from '../../src/session/ports.js';
import { fixture, journal, OPERATOR, tempDir } from './helpers.js';

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

it('waits for a start in flight, then signals the process it recorded', async () => {
  const cancelled: number[] = [];
  let finish: (() => void) | null = null;
  const runner: RunnerPort = {
    async start(spec) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return {
        pid: 4242,
        pidStart: '1',
        bootId: 'b',
        logPath: path.join(spec.dir, 'log'),
        startedAt: new Date().toISOString(),
      };
    },
    async settleStart() {
      throw new Error('every start here succeeds');
    },
    async inspect() {
      return { kind: 'running' };
    },
    waitForExit() {
      return new Promise((resolve) => {
        finish = () =>
          resolve({
            exit: { exitCode: 130, signal: null, endedAt: new Date().toISOString(), timedOut: false },
          });
      });
    },
    async cancel(_dir, recorded, onSignal) {
      cancelled.push(recorded.pid);
      await onSignal('SIGINT');
      finish?.();
    },
    tail() {
      throw new Error('not used');
    },
    async runCaptured() {
      throw new Error('not used');
    },
    warnings: () => [],
  };
  const session = await openRunSession({
    planPath: fixture('starting'),
    run: 'r',
    stateDir: state.dir,
    operator: OPERATOR,
    variables: {},
    runner,
  });
  try {
    const starting = session.start('once');
    await session.until(() => session.view().state.steps.once?.status === 'running');
    await session.cancel('once');
    await starting;
  } finally {
    await session.close();
  }
  expect(cancelled).toEqual([4242]);
  const types = journal(state.dir, 'starting', 'r')
    .filter((record) => record.step === 'once')
    .map((record) => record.type);
  expect(types).toEqual([
    'step.starting',
    'step.started',
    'step.signalled',
    'step.finished',
    'step.cancelled',
  ]);
});

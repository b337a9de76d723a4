// Cancel pressed while the step is still starting (announced, its process not recorded yet):
// the cancel waits for the process and stops it, instead of finding nothing and journaling a
// cancel while the command runs on.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeRunner, journal, openWithRunner, startedIn, tempDir } from './helpers.js';

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

it('waits for a start in flight, then signals the process it recorded', async () => {
  const cancelled: number[] = [];
  let finish: (() => void) | null = null;
  const runner = fakeRunner({
    async start(spec) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return startedIn(spec.dir);
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
  });
  const session = await openWithRunner('starting', state.dir, runner);
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

it('starts the process before the screen hears of the start intent (a redraw is slow)', async () => {
  const order: string[] = [];
  const runner = fakeRunner({
    async start(spec) {
      order.push('process started');
      return startedIn(spec.dir);
    },
    waitForExit: async () => ({
      exit: { exitCode: 0, signal: null, endedAt: new Date().toISOString(), timedOut: false },
    }),
  });
  const session = await openWithRunner('starting', state.dir, runner);
  try {
    session.subscribe(() => {
      const status = session.view().state.steps.once?.status;
      if (status === 'running' && !order.includes('screen told')) order.push('screen told');
    });
    await session.start('once');
    await session.until(() => order.includes('screen told'));
  } finally {
    await session.close();
  }
  expect(order).toEqual(['process started', 'screen told']);
});

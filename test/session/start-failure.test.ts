// A start that throws is not taken for "nothing runs": the session asks the runner to settle
// the attempt (runner/settle.ts, tested on real wrappers) and journals what it says.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { RunnerPort, StartSettlement } from '../../src/session/ports.js';
import { fakeRunner, journal, openWithRunner, startedIn, tempDir } from './helpers.js';

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

/** start() gives up (a slow wrapper); settleStart() finds what became of it. */
function slowRunner(settled: (dir: string) => StartSettlement): RunnerPort {
  return fakeRunner({
    async start() {
      throw new Error('the step wrapper did not start within 10000 ms');
    },
    settleStart: async (dir) => settled(dir),
    waitForExit: async () => ({
      exit: { exitCode: 0, signal: null, endedAt: new Date().toISOString(), timedOut: false },
    }),
  });
}

async function startFirst(runner: RunnerPort): Promise<{ error: unknown; types: string[] }> {
  const session = await openWithRunner('starting', state.dir, runner);
  let error: unknown = null;
  try {
    await session.start('once').catch((caught: unknown) => {
      error = caught;
    });
    await session.until(() => session.view().state.steps.once?.status !== 'running');
  } finally {
    await session.close();
  }
  const types = journal(state.dir, 'starting', 'r')
    .filter((record) => record.step === 'once')
    .map((record) => record.type);
  return { error, types };
}

it('the wrapper started after all: recorded as started and followed to its end', async () => {
  const { error, types } = await startFirst(
    slowRunner((dir) => ({
      kind: 'started',
      started: startedIn(dir),
    })),
  );
  expect(error).toBeNull();
  expect(types).toEqual(['step.starting', 'step.started', 'step.finished']);
});

it('it provably never ran: marked failed with the start error', async () => {
  const { error, types } = await startFirst(slowRunner(() => ({ kind: 'never-started', reason: 'x' })));
  expect(String(error)).toContain('could not start: the step wrapper did not start within 10000 ms');
  expect(types).toEqual(['step.starting', 'step.markedFailed']);
});

it('it may have started: unknown, for the operator, never marked failed', async () => {
  const { error, types } = await startFirst(
    slowRunner(() => ({
      kind: 'unknown',
      reason: 'its wrapper claimed the attempt but never recorded the process',
    })),
  );
  expect(String(error)).toContain('may have started, its outcome is unknown');
  expect(types).toEqual(['step.starting', 'step.unknown']);
});

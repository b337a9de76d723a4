// A session killed between announcing a step (step.starting) and recording its process
// (step.started): the next session must neither lose the running step nor run it twice.
// Real processes: the CLI kills itself with SIGKILL at the chosen journal append (RC_FAILPOINT).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { attemptDir } from '../../src/journal/paths.js';
import { runCli } from '../helpers/cli.js';
import { fixture, journal, runPath, tempDir } from './helpers.js';

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

function headless(stateDir: string, env: NodeJS.ProcessEnv = {}) {
  return runCli(['run', fixture('starting'), '--run', 'r', '--headless', '--state-dir', stateDir], { env });
}

/** The append number (1-based, in a fresh headless process) of the first record of `type`. */
function appendNumberOf(type: string): number {
  const reference = path.join(state.dir, 'reference');
  expect(headless(reference).code).toBe(1);
  const index = journal(reference, 'starting', 'r').findIndex((record) => record.type === type);
  expect(index).toBeGreaterThan(0);
  return index + 1;
}

function ranLines(stateDir: string): string[] {
  const file = path.join(runPath(stateDir, 'starting', 'r'), 'ran.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

it('killed after starting the process, before journaling it: the next session adopts it, runs nothing twice', () => {
  const n = appendNumberOf('step.started');
  const dir = path.join(state.dir, 'crash');
  const crashed = headless(dir, { RC_FAILPOINT: `journal.append:${n}` });
  expect(crashed.code).toBeNull();
  expect(crashed.stdout).toContain('step once starting (attempt 1)');
  expect(crashed.stdout).not.toContain('step once started');

  const next = headless(dir);
  expect(next.code).toBe(1);
  expect(next.stdout).toMatch(/step once started \(attempt 1, pid \d+\)/);
  expect(next.stdout).toContain('step once failed (attempt 1, exit code 3,');
  expect(ranLines(dir)).toEqual(['ran']);
  expect(existsSync(attemptDir(runPath(dir, 'starting', 'r'), 'once', 2))).toBe(false);
  const types = journal(dir, 'starting', 'r')
    .filter((record) => record.step === 'once')
    .map((record) => record.type);
  expect(types).toEqual(['step.starting', 'step.started', 'step.finished']);
});

it('killed after announcing, before starting the process: marked failed as never run, and it never runs', () => {
  const n = appendNumberOf('step.starting');
  const dir = path.join(state.dir, 'crash');
  const crashed = headless(dir, { RC_FAILPOINT: `journal.append:${n}:after` });
  expect(crashed.code).toBeNull();

  const next = headless(dir);
  expect(next.code).toBe(1);
  expect(next.stdout).toContain(
    'step once marked failed: could not start: its session ended before the command started; it never ran',
  );
  expect(ranLines(dir)).toEqual([]);
  // The attempt directory is claimed for good: a wrapper arriving late cannot use it.
  expect(existsSync(path.join(attemptDir(runPath(dir, 'starting', 'r'), 'once', 1), 'step.lock'))).toBe(true);
});

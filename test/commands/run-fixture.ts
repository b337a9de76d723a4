// A finished demo run on disk, made through the real RunStore, for the status/mark/report/
// force-unlock CLI tests: plan YAML, journal, attempt logs, exit records and a message.
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { attemptDir, messagesDir } from '../../src/journal/paths.js';
import { createRun } from '../../src/journal/run-open.js';
import type { RunStore } from '../../src/journal/run-store.js';
import { commandDigest } from '../../src/plan/digest.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { findStep } from '../../src/plan/outline.js';
import { OPERATOR, PLAN_INPUT } from '../journal/helpers.js';

export async function writePlan(dir: string, input: unknown = PLAN_INPUT): Promise<string> {
  const file = path.join(dir, 'demo.yaml');
  fs.writeFileSync(
    file,
    stringify({ ...(input as object), artifacts: [{ title: 'Build log', steps: ['build'] }] }),
  );
  return file;
}

export async function makeRun(stateDir: string, planFile: string, run = 'v1'): Promise<RunStore> {
  const loaded = await loadPlanFile(planFile);
  return createRun({
    stateDir,
    loaded,
    run,
    operator: OPERATOR,
    variables: { RELEASE_TAG: 'v1.2.3', TOKEN: 'hunter2' },
    secretNames: ['TOKEN'],
  });
}

/** Start an attempt the way the session does: its log on disk, its exit record optional. */
export function runAttempt(
  store: RunStore,
  stepId: string,
  attempt: number,
  output: string[],
  exit: { exitCode: number; finish: boolean; writeExit?: boolean },
): void {
  const dir = attemptDir(store.dir, stepId, attempt);
  fs.mkdirSync(dir, { recursive: true });
  const logPath = path.join(dir, 'log');
  fs.writeFileSync(logPath, `${output.join('\n')}\n`);
  const step = findStep(store.loaded.plan, stepId)?.step;
  store.event(
    'step.started',
    {
      attempt,
      pid: 999_999,
      pidStart: '1',
      bootId: 'gone',
      logPath,
      commandDigest: step ? commandDigest(step) : '',
    },
    stepId,
  );
  if (exit.writeExit) {
    fs.writeFileSync(
      path.join(dir, 'exit.json'),
      JSON.stringify({
        exitCode: exit.exitCode,
        signal: null,
        endedAt: new Date(Date.now() + 1500).toISOString(),
        timedOut: false,
      }),
    );
  }
  if (exit.finish) {
    store.event('step.output', { attempt, logPath, bytes: fs.statSync(logPath).size }, stepId);
    store.event(
      'step.finished',
      { attempt, exitCode: exit.exitCode, signal: null, durationMs: 1200 * attempt, timedOut: false },
      stepId,
    );
  }
}

export async function finishedRun(stateDir: string, planFile: string): Promise<RunStore> {
  const store = await makeRun(stateDir, planFile);
  store.event('manual.itemConfirmed', { index: 0, text: 'announce' }, 'freeze');
  store.event('manual.itemConfirmed', { index: 1, text: 'lock branch' }, 'freeze');
  store.event('step.done', { note: 'branch locked | frozen' }, 'freeze');
  runAttempt(store, 'build', 1, ['compiling…', '\x1b[31merror\x1b[0m: flaky'], { exitCode: 2, finish: true });
  runAttempt(
    store,
    'build',
    2,
    Array.from({ length: 30 }, (_, i) => `build line ${i + 1}`),
    { exitCode: 0, finish: true },
  );
  runAttempt(store, 'deploy', 1, ['deployed'], { exitCode: 0, finish: true });
  store.event('note', { text: 'deploy looked fine' }, 'deploy');
  store.event('step.skipped', { reason: 'smoke covered by canary' }, 'smoke');
  fs.mkdirSync(messagesDir(store.dir), { recursive: true });
  const message = path.join(messagesDir(store.dir), 'announce-1.txt');
  fs.writeFileSync(message, 'Released v1.2.3');
  store.event('message.rendered', { path: message, sha256: 'f'.repeat(64), chars: 15 }, 'announce');
  store.event('step.done', { note: 'message rendered (no send command)' }, 'announce');
  store.event('note', { text: 'release closed' });
  return store;
}

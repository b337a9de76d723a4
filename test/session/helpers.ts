// Shared by the session tests: temp state dirs, fixture plans, journal reading, polling.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JournalRecord, Operator } from '../../src/journal/events.js';
import { openRunSession } from '../../src/session/open.js';
import type { RunnerPort, StartedAttempt } from '../../src/session/ports.js';
import type { RunSession } from '../../src/session/session.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): string {
  return path.join(FIXTURES, `${name}.yaml`);
}

export const OPERATOR: Operator = { user: 'tester', host: 'test-host', tty: null, sshClient: null };

export function tempDir(prefix = 'rc-session-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function runPath(stateDir: string, planId: string, run: string): string {
  return path.join(stateDir, 'runs', planId, run);
}

export function journalText(stateDir: string, planId: string, run: string): string {
  return readFileSync(path.join(runPath(stateDir, planId, run), 'journal.jsonl'), 'utf8');
}

export function journal(stateDir: string, planId: string, run: string): JournalRecord[] {
  return journalText(stateDir, planId, run)
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as JournalRecord);
}

/** Poll until `check` returns a value (not undefined/false) or fail after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A process layer for session tests: every part a test does not give fails loudly if used. */
export function fakeRunner(parts: Partial<RunnerPort>): RunnerPort {
  const unused = (name: string) => () => {
    throw new Error(`runner.${name} is not expected here`);
  };
  return {
    start: async () => unused('start')(),
    settleStart: async () => unused('settleStart')(),
    inspect: async () => ({ kind: 'running' }),
    waitForExit: async () => unused('waitForExit')(),
    cancel: async () => unused('cancel')(),
    tail: unused('tail'),
    runCaptured: async () => unused('runCaptured')(),
    warnings: () => [],
    ...parts,
  };
}

/** What a fake runner's start() reports: a process that started now in `dir`. */
export function startedIn(dir: string, pid = 4242): StartedAttempt {
  return {
    pid,
    pidStart: '1',
    bootId: 'b',
    logPath: path.join(dir, 'log'),
    startedAt: new Date().toISOString(),
  };
}

/** A run of a fixture plan with a fake process layer (no variables). */
export function openWithRunner(plan: string, stateDir: string, runner: RunnerPort): Promise<RunSession> {
  return openRunSession({
    planPath: fixture(plan),
    run: 'r',
    stateDir,
    operator: OPERATOR,
    variables: {},
    runner,
  });
}

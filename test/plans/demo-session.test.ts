// The demo tour end to end through the real session and runner (detached wrapper, journal):
// an operator who confirms, answers, types the confirmation word, skips the failure on purpose
// and then rolls back. Only the Session contract (src/session/types.ts) drives it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepState } from '../../src/journal/state-types.js';
import { listSteps } from '../../src/plan/outline.js';
import type { Step } from '../../src/plan/schema.js';
import { openSession } from '../../src/session/open.js';
import type { Session } from '../../src/session/types.js';
import { ROOT } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'plans/demo.yaml');
const SETTLED = new Set(['succeeded', 'done', 'skipped']);
const ENDED = new Set([...SETTLED, 'failed', 'unknown', 'cancelled']);

describe('plans/demo.yaml through the session', () => {
  let tmp: string;
  let session: Session;
  let runDir: string;

  const stateOf = (id: string) => session.view().state.steps[id] as StepState;

  /** Resolves when the step has ended and no retry is pending. */
  const ended = (id: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        const step = session.view().state.steps[id];
        if (step && ENDED.has(step.status) && !step.retryScheduled) {
          unsubscribe();
          resolve();
        }
      };
      const unsubscribe = session.subscribe(check);
      check();
    });

  const walk = async (step: Step) => {
    switch (step.kind) {
      case 'note':
        await session.markDone(step.id);
        return;
      case 'manual':
        for (let index = 0; index < step.items.length; index++) await session.confirmItem(step.id, index);
        return;
      case 'prompt':
        expect(await session.setVariable(step.variable, 'red')).toMatch(/does not match/);
        expect(await session.setVariable(step.variable, 'blue')).toBeNull();
        if (!SETTLED.has(stateOf(step.id)?.status ?? 'pending')) await session.markDone(step.id);
        return;
      default: {
        const confirmWord = step.kind === 'command' ? step.confirm : undefined;
        await session.start(step.id, confirmWord ? { confirmWord } : undefined);
        await ended(step.id);
        if (step.id === 'lint' && stateOf(step.id).status === 'failed') {
          await session.skip(step.id, 'fails on purpose');
        }
      }
    }
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'rc-demo-session-'));
    session = await openSession({
      planPath: DEMO,
      run: 'tour',
      stateDir: tmp,
      operator: { user: 'tester', host: 'test', tty: null, sshClient: null },
      variables: { RELEASE_AT: '2026-12-01T22:00+03:00', DEMO_SECONDS: '2' },
      env: {},
    });
    const plan = session.view().plan;
    const refs = listSteps(plan);
    for (const ref of refs.filter((r) => r.path === 'main')) await walk(ref.step);
    await session.decideRollback('errors-up', plan.rollback?.confirm as string);
    for (const ref of refs.filter((r) => r.path === 'rollback')) await walk(ref.step);
    runDir = path.dirname(stateOf('build').attempts[0]?.logPath as string).split('/attempts/')[0] as string;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('settles every step of the main path and the rollback path', () => {
    const unsettled = listSteps(session.view().plan)
      .map(({ step }) => ({ id: step.id, status: stateOf(step.id)?.status }))
      .filter(({ status }) => !SETTLED.has(status ?? 'pending'));
    expect(unsettled).toEqual([]);
    expect(session.view().state.rollback?.criterion).toBe('errors-up');
  });

  it('streams thousands of coloured lines and a progress bar from the build', () => {
    const log = readFileSync(stateOf('build').attempts[0]?.logPath as string, 'utf8');
    expect(log.split('\n').filter((line) => line.includes('\u001b[3')).length).toBeGreaterThanOrEqual(3000);
    expect(log).toContain('\r');
    expect(stateOf('build').status).toBe('succeeded');
  });

  it('records the failure on purpose, the retry, the gate polls and the capture', () => {
    expect(stateOf('lint').attempts.map((a) => a.exitCode)).toEqual([3]);
    expect(stateOf('lint').status).toBe('skipped');
    expect(stateOf('fetch-artifacts').attempts.map((a) => a.exitCode)).toEqual([1, 0]);
    expect(stateOf('wait-healthy').attempts.flatMap((a) => a.polls.map((p) => p.ok))).toEqual([
      false,
      false,
      true,
    ]);
    expect(session.view().state.variables.BUILD_ID).toMatch(/^build-[0-9]{8}-[0-9]{6}$/);
    expect(stateOf('unit-tests').artifacts).toHaveLength(1);
  });

  it('sends the messages with the values filled in', () => {
    const outbox = readFileSync(path.join(runDir, 'outbox.txt'), 'utf8');
    expect(outbox).toContain('Heads-up: v1.4.0 goes out at 2026-12-01T22:00+03:00.');
    expect(outbox).toMatch(/v1\.4\.0 \(build-[0-9]{8}-[0-9]{6}\) is live on blue\./);
    expect(outbox).toContain('Rolling back v1.4.0 to v1.3.2');
    expect(readFileSync(path.join(runDir, 'live-colour'), 'utf8')).toBe('previous v1.3.2\n');
  });
});

// The Session in-process over real processes and a temp state dir: reattach after the session
// that started a step is gone, a vanished process becoming `unknown`, secrets kept out of the
// journal, the report, tail lines and `ps`, a watch following the writer, operator decisions.
import { execFileSync } from 'node:child_process';
import fs, { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openRunSession } from '../../src/session/open.js';
import type { RunSession } from '../../src/session/session.js';
import { ReadOnlyError } from '../../src/session/types.js';
import { runCli } from '../helpers/cli.js';
import { eventually, fixture, journal, journalText, OPERATOR, runPath, tempDir } from './helpers.js';

let state: { dir: string; cleanup: () => void };
const open: RunSession[] = [];
beforeEach(() => {
  state = tempDir();
});
afterEach(async () => {
  for (const session of open.splice(0)) await session.close();
  state.cleanup();
});

async function session(plan: string, run: string, extra: Partial<Parameters<typeof openRunSession>[0]> = {}) {
  const opened = await openRunSession({
    planPath: fixture(plan),
    run,
    stateDir: state.dir,
    operator: OPERATOR,
    variables: {},
    ...extra,
  });
  open.push(opened);
  return opened;
}

function status(s: RunSession, stepId: string) {
  return s.view().state.steps[stepId]?.status;
}

describe('reattach and unknown outcomes', () => {
  it('reattaches a step still running after its session closed, then records the real exit code', async () => {
    const first = await session('slow', 'r');
    await first.start('slow');
    expect(status(first, 'slow')).toBe('running');
    await first.close();

    const second = await session('slow', 'r');
    expect(second.view().mode).toBe('writer');
    expect(status(second, 'slow')).toBe('running');
    expect(second.view().resume?.running).toEqual([expect.objectContaining({ stepId: 'slow', attempt: 1 })]);
    await second.until(() => status(second, 'slow') !== 'running');
    expect(status(second, 'slow')).toBe('failed');
    expect(second.view().state.steps.slow?.exitCode).toBe(7);
    const log = readFileSync(second.view().state.steps.slow?.attempts[0]?.logPath as string, 'utf8');
    expect(log).toContain('finished work');
  });

  it('records the outcome at open when the step finished while no one watched', async () => {
    const first = await session('slow', 'r');
    await first.start('slow');
    await first.close();
    const attemptDir = path.join(runPath(state.dir, 'slow', 'r'), 'attempts/slow/1');
    await eventually(() => {
      try {
        return readFileSync(path.join(attemptDir, 'exit.json'), 'utf8');
      } catch {
        return undefined;
      }
    });
    const second = await session('slow', 'r');
    expect(status(second, 'slow')).toBe('failed');
    expect(second.view().resume?.finished).toEqual([{ stepId: 'slow', status: 'failed', exitCode: 7 }]);
  });

  it('marks a vanished process unknown and lets the operator decide; nothing re-runs', async () => {
    const first = await session('slow', 'r');
    await first.start('slow');
    const attempt = first.view().state.steps.slow?.attempts[0];
    await first.close();
    // Kill the wrapper and its command without letting it write exit.json (a reboot, an OOM kill).
    const pidRecord = JSON.parse(
      readFileSync(path.join(runPath(state.dir, 'slow', 'r'), 'attempts/slow/1/pid.json'), 'utf8'),
    ) as { pid: number; pgid: number };
    process.kill(pidRecord.pid, 'SIGKILL');
    process.kill(-pidRecord.pgid, 'SIGKILL');
    await eventually(() => {
      try {
        process.kill(attempt?.pid as number, 0);
        return false;
      } catch {
        return true;
      }
    });

    const second = await session('slow', 'r');
    expect(status(second, 'slow')).toBe('unknown');
    expect(second.view().resume?.unknown).toEqual([{ stepId: 'slow', attempt: 1 }]);
    await expect(second.start('slow')).rejects.toThrow(/unknown outcome/);
    await second.resolveUnknown('slow', 'done');
    expect(status(second, 'slow')).toBe('done');
    expect(second.view().state.steps.slow?.attempts).toHaveLength(1);
  });
});

describe('dangerous steps', () => {
  it('re-running one whose outcome is unknown needs its confirm word; nothing is recorded without it', async () => {
    const s = await session('decisions', 'r');
    await s.setVariable('APPROVER', 'alice');
    // The state a vanished attempt leaves (see "marks a vanished process unknown" above).
    await s.ctx.append({
      type: 'step.started',
      step: 'danger',
      data: {
        attempt: 1,
        pid: 2 ** 22 + 7,
        pidStart: '1',
        bootId: 'gone',
        logPath: '/nonexistent',
        commandDigest: 'd',
      },
    });
    await s.ctx.append({ type: 'step.unknown', step: 'danger', data: { attempt: 1, reason: 'vanished' } });
    expect(status(s, 'danger')).toBe('unknown');
    const events = s.view().version;
    await expect(s.resolveUnknown('danger', 'rerun')).rejects.toThrow(/dangerous: type "DROP" to re-run it/);
    await expect(s.resolveUnknown('danger', 'rerun', { confirmWord: 'drop' })).rejects.toThrow(/"DROP"/);
    expect(status(s, 'danger')).toBe('unknown');
    expect(s.view().version).toBe(events);
    await s.resolveUnknown('danger', 'rerun', { confirmWord: 'DROP' });
    await eventually(() => status(s, 'danger') === 'succeeded');
    expect(s.view().state.steps.danger?.attempts).toHaveLength(2);
    await s.close();
  });
});

describe('resume summary', () => {
  it('reports a changed plan and events others recorded while no session was open', async () => {
    const planFile = path.join(state.dir, 'manual.yaml');
    copyFileSync(fixture('manual'), planFile);
    const first = await openRunSession({
      planPath: planFile,
      run: 'r',
      stateDir: state.dir,
      operator: OPERATOR,
      variables: {},
    });
    await first.close();
    const marked = runCli([
      'mark',
      planFile,
      '--run',
      'r',
      'first',
      '--skip',
      '--note',
      'done by hand',
      '--state-dir',
      state.dir,
    ]);
    expect(marked.code).toBe(0);
    writeFileSync(
      planFile,
      readFileSync(planFile, 'utf8').replace('run: echo after', 'run: echo after-changed'),
    );
    const second = await openRunSession({
      planPath: planFile,
      run: 'r',
      stateDir: state.dir,
      operator: OPERATOR,
      variables: {},
    });
    open.push(second);
    const resume = second.view().resume;
    expect(resume?.planChanged).toBe(true);
    expect(resume?.otherEvents).toBe(1);
    expect(second.view().warnings.join('\n')).toMatch(/plan/i);
    expect(second.view().state.steps.first?.status).toBe('skipped');
  });
});

describe('cancel', () => {
  it('signals the step, records each signal and the real end, then the cancellation; no retry follows', async () => {
    const s = await session('slow', 'r');
    await s.start('slow');
    await s.cancel('slow');
    expect(status(s, 'slow')).toBe('cancelled');
    const attempt = s.view().state.steps.slow?.attempts[0];
    expect(attempt?.signals[0]).toBe('SIGINT');
    const types = journal(state.dir, 'slow', 'r').map((r) => r.type);
    expect(types.indexOf('step.signalled')).toBeLessThan(types.indexOf('step.finished'));
    expect(types.indexOf('step.finished')).toBeLessThan(types.indexOf('step.cancelled'));
    expect(readFileSync(attempt?.logPath as string, 'utf8')).not.toContain('finished work');
    // A cancelled step may be started again (a new attempt).
    await s.start('slow');
    expect(s.view().state.steps.slow?.attempts).toHaveLength(2);
    await s.cancel('slow');
  });
});

describe('secrets', () => {
  it('never reach the journal, the report, tail lines or the argv of any process', async () => {
    const token = 'S3cretT0kenValue42';
    const s = await session('secret', 'r', { variables: { API_TOKEN: token } });
    await s.start('leak');
    // While it runs: no process has the token in its command line.
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps).not.toContain(token);
    await s.until(() => status(s, 'leak') === 'succeeded');
    const tail = s.tail('leak');
    expect(tail).not.toBeNull();
    await eventually(() => tail?.lines().some((line) => line.includes('token is')));
    expect(tail?.lines()).toContain('token is ••••••');
    expect(tail?.lines().join('\n')).not.toContain(token);
    tail?.close();
    expect(s.displayCommand('leak')).toContain('API_TOKEN=••••••');
    expect(s.displayCommand('leak')).not.toContain(token);
    await s.note('leak', `pasted ${token} by mistake`);
    await s.close();

    expect(journalText(state.dir, 'secret', 'r')).not.toContain(token);
    // The artifact the report carries is the masked copy of the log.
    const output = journal(state.dir, 'secret', 'r').find((r) => r.type === 'step.output');
    const artifact = output?.type === 'step.output' ? output.data.logPath : '';
    expect(readFileSync(artifact, 'utf8')).toContain('token is ••••••');
    expect(readFileSync(artifact, 'utf8')).not.toContain(token);
    const report = runCli(['report', fixture('secret'), '--run', 'r', '--state-dir', state.dir]);
    expect(report.code).toBe(0);
    expect(report.stdout).not.toContain(token);

    // Reopened: the secret is not persisted anywhere, so the session needs it again.
    const again = await session('secret', 'r');
    expect(again.view().missingVariables).toEqual(['API_TOKEN']);
    const fromEnv = await openRunSession({
      planPath: fixture('secret'),
      run: 'r',
      stateDir: state.dir,
      operator: OPERATOR,
      variables: {},
      watch: true,
      env: { RC_VAR_API_TOKEN: token },
    });
    open.push(fromEnv);
    expect(fromEnv.view().missingVariables).toEqual([]);
  });
});

describe('capture edges', () => {
  it('a captured secret is journaled masked yet reaches later steps; an oversized capture fails the step', async () => {
    const key = '0123456789abcdef0123456789abcdef';
    const s = await session('capture-edge', 'r');
    await s.start('login');
    await s.until(() => status(s, 'login') === 'succeeded' && s.busy === 0);
    await s.start('use');
    await s.until(() => status(s, 'use') !== 'running');
    expect(status(s, 'use')).toBe('succeeded');
    const tail = s.tail('use');
    await eventually(() => tail?.lines().includes('key is ••••••'));
    tail?.close();
    await s.start('big');
    await s.until(() => status(s, 'big') === 'failed');
    expect(s.view().state.steps.big?.notes.at(-1)?.text).toMatch(/5000 bytes, more than the 4096/);
    expect(journalText(state.dir, 'capture-edge', 'r')).not.toContain(key);
    const set = journal(state.dir, 'capture-edge', 'r').find((r) => r.type === 'variable.set');
    expect(set?.type === 'variable.set' && set.data).toEqual({
      name: 'SESSION_KEY',
      value: '••••••',
      origin: 'capture',
    });
  });
});

describe('watch mode', () => {
  it('a second session is read-only, refuses actions and sees the writer’s events live', async () => {
    const writer = await session('decisions', 'r');
    const watcher = await session('decisions', 'r');
    expect(watcher.view().mode).toBe('watch');
    expect(watcher.view().lock?.user).toBe('tester');
    await expect(watcher.note(null, 'hello')).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(watcher.setVariable('APPROVER', 'alice')).rejects.toBeInstanceOf(ReadOnlyError);
    await writer.confirmItem('check', 0);
    await eventually(() => watcher.view().state.steps.check?.confirmedItems.includes(0));
  });

  it('the watch follows the lock as it changes hands: free when let go, then the next writer', async () => {
    const alice = await session('decisions', 'r', { operator: { ...OPERATOR, user: 'alice' } });
    const bob = await session('decisions', 'r', { operator: { ...OPERATOR, user: 'bob' } });
    expect(bob.view().mode).toBe('watch');
    expect(bob.view().lock?.user).toBe('alice');
    expect(bob.view().warnings[0]).toMatch(/read-only: the run is held by alice@/);
    expect(bob.lockTakeable()).toBe(false);
    expect(alice.lockTakeable()).toBe(false);

    await alice.close();
    await eventually(() => bob.view().lock === null);
    expect(bob.view().warnings[0]).toBe('lock free: nobody holds the run (opening it takes the lock)');
    expect(bob.lockTakeable()).toBe(true);
    expect(bob.view().warnings.join('\n')).not.toMatch(/alice/);
    // Refusals name who holds the run now.
    await expect(bob.note(null, 'x')).rejects.toThrow(/^read-only$/);

    const carol = await session('decisions', 'r', { operator: { ...OPERATOR, user: 'carol' } });
    expect(carol.view().mode).toBe('writer');
    await eventually(() => bob.view().lock?.user === 'carol');
    expect(bob.view().lock?.lockId).toBe(carol.view().lock?.lockId);
    expect(bob.view().warnings[0]).toMatch(/read-only: the run is held by carol@/);
    expect(bob.view().warnings.join('\n')).not.toMatch(/alice|lock free/);
    // Other events change no holder.
    await carol.confirmItem('check', 0);
    await eventually(() => bob.view().state.steps.check?.confirmedItems.includes(0));
    expect(bob.view().lock?.user).toBe('carol');
  });
});

describe('operator decisions', () => {
  it('prompt, checklist, confirm word, verify, rollback decision', async () => {
    const s = await session('decisions', 'r');
    expect(s.validateVariable('APPROVER', 'Alice!')).toMatch(/APPROVER/);
    expect(await s.setVariable('APPROVER', 'Alice!')).toMatch(/does not match/);
    expect(await s.setVariable('APPROVER', 'alice')).toBeNull();
    expect(status(s, 'ask')).toBe('done');

    await s.confirmItem('check', 1);
    expect(status(s, 'check')).toBe('pending');
    await s.confirmItem('check', 0);
    expect(status(s, 'check')).toBe('done');

    await expect(s.start('danger')).rejects.toThrow(/type "DROP"/);
    await expect(s.start('danger', { confirmWord: 'drop' })).rejects.toThrow(/type "DROP"/);
    await s.start('danger', { confirmWord: 'DROP' });
    await s.until(() => status(s, 'danger') !== 'running');
    expect(status(s, 'danger')).toBe('succeeded');
    expect(await s.verify('danger')).toBe(0);

    await expect(s.start('rb.revert')).rejects.toThrow(/decide the rollback first/);
    await expect(s.decideRollback('errors', 'rollback')).rejects.toThrow(/ROLLBACK/);
    await s.decideRollback('errors', 'ROLLBACK');
    expect(s.view().state.rollback?.criterion).toBe('errors');
    await s.start('rb.revert');
    await s.until(() => status(s, 'rb.revert') === 'succeeded');

    const types = journal(state.dir, 'decisions', 'r').map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['variable.set', 'manual.itemConfirmed', 'step.verified']));
    expect(types).toContain('rollback.decided');
  });

  it('the rehearsal informs the expected duration of the production run', async () => {
    const rehearsal = await session('slow', 'rehearsal');
    await rehearsal.markDone('slow', 'no timing from a decision');
    await rehearsal.close();
    const retry = await session('retry', 'rehearsal');
    await retry.start('flaky');
    await retry.until(() => status(retry, 'flaky') === 'succeeded');
    await retry.close();
    const production = await session('retry', 'production');
    const expected = production.expectedDurationMs('flaky');
    expect(expected).toBeGreaterThan(0);
    expect(production.expectedDurationMs('nope')).toBeNull();
  });
});

describe('opening cost', () => {
  it('reopening a run reads its journal once (the resume summary is folded while it loads)', async () => {
    const first = await session('decisions', 'r');
    await first.note(null, 'before the break');
    await first.close();
    const file = path.join(runPath(state.dir, 'decisions', 'r'), 'journal.jsonl');
    const openSync = vi.spyOn(fs, 'openSync');
    let second: RunSession;
    let calls: Parameters<typeof fs.openSync>[];
    try {
      second = await session('decisions', 'r');
    } finally {
      calls = [...openSync.mock.calls];
      openSync.mockRestore();
    }
    const reads = calls.filter(([opened, flags]) => opened === file && flags === 'r');
    expect(reads).toHaveLength(1);
    expect(second.view().mode).toBe('writer');
  });
});

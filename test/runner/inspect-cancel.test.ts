// What an attempt looks like to a later process (running, exited, vanished, pid reused) and the
// cancel escalation INT → TERM → KILL on the command's process group.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CancelSignal, cancelAttempt } from '../../src/runner/cancel.js';
import { inspectAttempt, waitForExit } from '../../src/runner/inspect.js';
import { isStepLockHeld } from '../../src/runner/records.js';
import { startAttempt } from '../../src/runner/start.js';
import { bootId, processStartTime } from '../../src/sys/proc.js';
import { readText, tempDir, waitFor } from './util.js';

function attempt(): string {
  return path.join(tempDir(), 'attempts', 'step', '1');
}

function writePid(dir: string, record: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'pid.json'), JSON.stringify(record));
}

describe('inspectAttempt', () => {
  it('reports not-started for an empty directory', () => {
    const dir = attempt();
    mkdirSync(dir, { recursive: true });
    expect(inspectAttempt(dir)).toEqual({ state: 'not-started' });
  });

  it('treats a live pid with the recorded start time and boot as running', () => {
    const dir = attempt();
    const pidStart = processStartTime(process.pid);
    writePid(dir, { pid: process.pid, pidStart, bootId: bootId(), startedAt: 'x', pgid: 0, pgidStart: '' });
    expect(inspectAttempt(dir)).toMatchObject({ state: 'running', pid: { pid: process.pid } });
  });

  it('takes an empty or half-written record for none (the wrapper writes each in one write)', () => {
    const dir = attempt();
    const pidStart = processStartTime(process.pid);
    const record = JSON.stringify({ pid: process.pid, pidStart, bootId: bootId(), startedAt: 'x', pgid: 0 });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'pid.json'), record.slice(0, 20));
    expect(inspectAttempt(dir)).toEqual({ state: 'not-started' });
    writeFileSync(path.join(dir, 'pid.json'), record);
    for (const seen of ['', '{"exitCode":0,"signal":null,"endedAt":"2026-']) {
      writeFileSync(path.join(dir, 'exit.json'), seen);
      expect(inspectAttempt(dir)).toMatchObject({ state: 'running', pid: { pid: process.pid } });
    }
    writeFileSync(
      path.join(dir, 'exit.json'),
      '{"exitCode":0,"signal":null,"endedAt":"x","timedOut":false}\n',
    );
    expect(inspectAttempt(dir)).toMatchObject({ state: 'exited', exit: { exitCode: 0 } });
  });

  it('treats a reused pid (same pid, other start time) and another boot as vanished', () => {
    const dir = attempt();
    writePid(dir, { pid: process.pid, pidStart: '1', bootId: bootId(), startedAt: 'x' });
    expect(inspectAttempt(dir)).toMatchObject({ state: 'vanished', reason: expect.stringContaining('gone') });
    const other = attempt();
    const pidStart = processStartTime(process.pid);
    writePid(other, { pid: process.pid, pidStart, bootId: 'a-previous-boot', startedAt: 'x' });
    expect(inspectAttempt(other).state).toBe('vanished');
  });

  it('a killed wrapper: running while its command still holds the lock, then vanished', async () => {
    const dir = attempt();
    const pid = await startAttempt({ attemptDir: dir, script: 'sleep 30\n', env: {} });
    process.kill(pid.pid, 'SIGKILL');
    await waitFor(() => processStartTime(pid.pid) !== pid.pidStart || undefined, 'the wrapper to die');
    // The command holds the kernel lock (taken just after its start, so maybe a moment later): it is still running, so never "unknown" yet.
    expect(inspectAttempt(dir).state).toBe('running');
    await waitFor(() => isStepLockHeld(dir) || undefined, 'the kernel lock');
    expect(inspectAttempt(dir).state).toBe('running');
    process.kill(-pid.pgid, 'SIGKILL');
    const gone = await waitForExit(dir, { pollMs: 20 });
    expect(gone).toEqual({ vanished: expect.stringContaining(`pid ${pid.pid}`) });
    expect(inspectAttempt(dir).state).toBe('vanished');
  });

  it('counts the command’s group leader as running before the lock is taken (wrapper gone)', () => {
    const dir = attempt();
    const leaderStart = processStartTime(process.pid);
    // The wrapper's pid is long gone; the leader (this process) is alive; no lock file at all.
    const gone = { pid: 999_999_999, pidStart: '1', bootId: bootId(), startedAt: 'x', pgid: process.pid };
    writePid(dir, { ...gone, pgidStart: leaderStart });
    expect(inspectAttempt(dir)).toMatchObject({ state: 'running', pid: { pgid: process.pid } });
    // The same pid with another start time is another process.
    writePid(dir, { ...gone, pgidStart: '1' });
    expect(inspectAttempt(dir).state).toBe('vanished');
  });

  it('waitForExit rejects when aborted', async () => {
    const dir = attempt();
    const pid = await startAttempt({ attemptDir: dir, script: 'sleep 30\n', env: {} });
    const controller = new AbortController();
    const waiting = waitForExit(dir, { signal: controller.signal });
    controller.abort(new Error('stop waiting'));
    await expect(waiting).rejects.toThrow('stop waiting');
    process.kill(-pid.pgid, 'SIGKILL');
    await waitForExit(dir, { pollMs: 20 });
  });
});

describe('cancelAttempt', () => {
  it('escalates SIGINT, SIGTERM, SIGKILL to a command that traps INT and TERM', async () => {
    const dir = attempt();
    const script = [
      "trap 'echo got INT' INT",
      "trap 'echo got TERM' TERM",
      'echo ready',
      'while :; do sleep 0.05 || true; done',
      '',
    ].join('\n');
    await startAttempt({ attemptDir: dir, script, env: {} });
    await waitFor(() => readText(path.join(dir, 'log')).includes('ready'), 'the script to start');
    const sent: CancelSignal[] = [];
    const result = await cancelAttempt(dir, { graceMs: 300, onSignal: (signal) => sent.push(signal) });
    expect(result).toBe('killed');
    expect(sent).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL']);
    const log = readText(path.join(dir, 'log'));
    expect(log.indexOf('got INT')).toBeGreaterThan(0);
    expect(log.indexOf('got TERM')).toBeGreaterThan(log.indexOf('got INT'));
    // The wrapper survived the group's SIGKILL and recorded it.
    expect(inspectAttempt(dir)).toMatchObject({
      state: 'exited',
      exit: { exitCode: 137, signal: 'SIGKILL' },
    });
  });

  it('stops at SIGINT when the command exits on it', async () => {
    const dir = attempt();
    await startAttempt({ attemptDir: dir, script: 'echo ready\nsleep 30\n', env: {}, timeoutMs: 60_000 });
    await waitFor(() => readText(path.join(dir, 'log')).includes('ready'), 'the script to start');
    const sent: CancelSignal[] = [];
    expect(await cancelAttempt(dir, { graceMs: 2000, onSignal: (signal) => sent.push(signal) })).toBe(
      'exited',
    );
    expect(sent).toEqual(['SIGINT']);
    expect(inspectAttempt(dir)).toMatchObject({
      state: 'exited',
      exit: { signal: 'SIGINT', timedOut: false },
    });
  });

  it('does nothing to an attempt that already ended', async () => {
    const dir = attempt();
    await startAttempt({ attemptDir: dir, script: 'exit 0\n', env: {} });
    await waitForExit(dir, { pollMs: 20 });
    const sent: CancelSignal[] = [];
    expect(await cancelAttempt(dir, { onSignal: (signal) => sent.push(signal) })).toBe('exited');
    expect(sent).toEqual([]);
  });
});

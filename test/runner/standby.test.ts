// The standby wrapper (standby.ts) on its own: what it does when no step, half a step or a
// dead standby comes its way, and that one is kept ready. That a handed-over step runs exactly
// like a directly started one is start.test.ts, which runs every case both ways.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForExit } from '../../src/runner/inspect.js';
import { readPidRecord } from '../../src/runner/records.js';
import {
  dropStandby,
  keepStandbyReady,
  prepareStandby,
  standbyWaiting,
  takeStandby,
} from '../../src/runner/standby.js';
import { startAttempt } from '../../src/runner/start.js';
import { tempDir, waitFor } from './util.js';

afterEach(() => dropStandby());

/** The process exists and is not a zombie waiting to be reaped. */
function isProcessAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

function attempt(): string {
  return path.join(tempDir(), 'attempts', 'step', '1');
}

describe('standby wrapper', () => {
  it('exits without doing anything when its cockpit lets it go', async () => {
    const pid = await prepareStandby();
    expect(isProcessAlive(pid)).toBe(true);
    dropStandby();
    await waitFor(() => !isProcessAlive(pid) || undefined, 'the standby to exit');
    expect(standbyWaiting()).toBeNull();
  });

  it('runs nothing from a request cut short (the cockpit died while handing it over)', async () => {
    const pid = await prepareStandby();
    const standby = takeStandby();
    expect(standby?.pid).toBe(pid);
    const dir = attempt();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'script.sh'), 'touch "$0.ran"\n');
    // Twelve fields announced, three sent.
    standby?.channel.end(['12', dir, '0'].map((field) => `${field}\0`).join(''));
    await waitFor(() => !isProcessAlive(pid) || undefined, 'the standby to exit');
    expect(existsSync(path.join(dir, 'script.sh.ran'))).toBe(false);
    expect(existsSync(path.join(dir, 'log'))).toBe(false);
  });

  it('is passed over when it died: the step starts the direct way', async () => {
    const pid = await prepareStandby();
    process.kill(pid, 'SIGKILL');
    await waitFor(() => standbyWaiting() === null || undefined, 'the standby to be seen dead');
    const dir = attempt();
    const record = await startAttempt({ attemptDir: dir, script: 'echo ran\n', env: {} });
    expect(record.pid).not.toBe(pid);
    expect(await waitForExit(dir, { pollMs: 50 })).toMatchObject({ exitCode: 0 });
  });

  it('is kept ready: after a step takes it, another one is started a moment later', async () => {
    const first = await keepStandbyReady();
    const dir = attempt();
    const record = await startAttempt({ attemptDir: dir, script: 'true\n', env: {} });
    expect(record.pid).toBe(first);
    expect(readPidRecord(dir)?.pid).toBe(first);
    const next = await waitFor(() => standbyWaiting() ?? undefined, 'the next standby', 10_000);
    expect(next).not.toBe(first);
    expect(isProcessAlive(next)).toBe(true);
    await waitForExit(dir, { pollMs: 50 });
  });
});

// An attempt announced but never confirmed started: settled from the disk, never guessed.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForExit } from '../../src/runner/inspect.js';
import { settleAttemptStart } from '../../src/runner/settle.js';
import { shellProgram } from '../../src/runner/sh-dir.js';
import { startAttempt } from '../../src/runner/start.js';
import { WRAPPER_LOCKED_EXIT } from '../../src/runner/wrapper.js';
import { bootId } from '../../src/sys/proc.js';
import { tempDir, wrapperAgain } from './util.js';

function attempt(): string {
  return path.join(tempDir(), 'attempts', 'step', '1');
}

describe('settleAttemptStart', () => {
  it('claims an attempt no wrapper claimed: never started, and a late wrapper refuses to run it', async () => {
    const dir = attempt();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'script.sh'), 'echo ran > "$0.ran"\n');
    copyFileSync(shellProgram('wrapper.sh'), path.join(dir, 'wrapper.sh'));
    expect(await settleAttemptStart(dir, { announcedBoot: bootId() })).toEqual({
      state: 'never-started',
      reason: expect.stringContaining('never ran'),
    });
    // The wrapper the dead session had spawned, arriving late.
    const late = wrapperAgain(dir);
    expect(late.status).toBe(WRAPPER_LOCKED_EXIT);
    expect(existsSync(path.join(dir, 'script.sh.ran'))).toBe(false);
    expect(existsSync(path.join(dir, 'pid.json'))).toBe(false);
  });

  it('a directory that was never even created: never started (same boot)', async () => {
    const dir = attempt();
    expect((await settleAttemptStart(dir, { announcedBoot: bootId() })).state).toBe('never-started');
    expect(existsSync(path.join(dir, 'step.lock'))).toBe(true);
  });

  it('a started attempt: its process as the wrapper recorded it', async () => {
    const dir = attempt();
    const pid = await startAttempt({ attemptDir: dir, script: 'sleep 0.3\n', env: {} });
    expect(await settleAttemptStart(dir, { announcedBoot: bootId() })).toEqual({ state: 'started', pid });
    expect(await waitForExit(dir, { pollMs: 20 })).toMatchObject({ exitCode: 0 });
  });

  it('claimed by a wrapper that recorded no process: unknown, not never-started', async () => {
    const dir = attempt();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'step.lock'), '');
    expect(await settleAttemptStart(dir, { announcedBoot: bootId(), waitMs: 50 })).toEqual({
      state: 'unknown',
      reason: expect.stringContaining('never recorded'),
    });
  });

  it('announced on another boot with nothing on disk: unknown (a crash may have lost the files)', async () => {
    const dir = attempt();
    const settled = await settleAttemptStart(dir, { announcedBoot: 'a-previous-boot' });
    expect(settled).toEqual({ state: 'unknown', reason: expect.stringContaining('restarted') });
    expect(existsSync(dir)).toBe(false);
  });
});

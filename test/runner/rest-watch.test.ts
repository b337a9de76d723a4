// The attempt directory's watch: a burst of writes, however long, is reported once when it
// starts and once when the rest after it ends, and a change after the rest (exit.json
// appearing) is still reported. The rest's timer is faked, so the order of events is what is
// checked, never how long anything took.
import { appendFileSync, closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { restfulWatch } from '../../src/runner/rest-watch.js';
import { tempDir } from './util.js';

/** Turns of the event loop (setImmediate is not faked): room for pending inotify events. */
async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Wait, by turns of the event loop, until `check` holds; fails after many turns. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('restfulWatch', () => {
  it('reports a burst once as it starts and once after the rest, then what comes after it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = tempDir();
    const log = path.join(dir, 'log');
    appendFileSync(log, '');
    let changes = 0;
    const stop = restfulWatch(dir, () => changes++, 50);
    const fd = openSync(log, 'a');
    writeSync(fd, 'first line\n');
    await until(() => changes === 1, 'the first write reported');
    // The watch rests: thousands of writes wake nobody.
    for (let i = 0; i < 5000; i++) writeSync(fd, `line ${i}\n`);
    closeSync(fd);
    await turns();
    expect(changes).toBe(1);
    // The rest ends: one report for everything that happened meanwhile.
    vi.advanceTimersByTime(50);
    expect(changes).toBe(2);
    await turns();
    expect(changes).toBe(2);
    // Watching again: the next change is reported.
    writeFileSync(path.join(dir, 'exit.json'), '{}');
    await until(() => changes === 3, 'the change after the rest');
    stop();
    vi.advanceTimersByTime(50);
    writeFileSync(path.join(dir, 'exit.json'), '{"again":1}');
    await turns();
    vi.advanceTimersByTime(50);
    expect(changes).toBe(3);
  });
});

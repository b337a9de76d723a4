// The attempt directory's watch: a log written in thousands of small writes wakes the reader a
// handful of times, and a change after the rest (exit.json appearing) is still reported.
import { appendFileSync, closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restfulWatch } from '../../src/runner/rest-watch.js';
import { tempDir, waitFor } from './util.js';

describe('restfulWatch', () => {
  it('reports a burst of writes a few times, not once per write, and what comes after it', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'log');
    appendFileSync(log, '');
    let changes = 0;
    const stop = restfulWatch(dir, () => changes++, 50);
    const fd = openSync(log, 'a');
    const until = Date.now() + 300;
    let writes = 0;
    while (Date.now() < until) {
      writeSync(fd, `line ${writes}\n`);
      writes++;
      if (writes % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    closeSync(fd);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(writes).toBeGreaterThan(1000);
    expect(changes).toBeGreaterThan(0);
    // One report when the burst starts and one after each 50 ms rest: ~12, never thousands.
    expect(changes).toBeLessThan(40);
    const before = changes;
    writeFileSync(path.join(dir, 'exit.json'), '{}');
    await waitFor(() => changes > before, 'the change after the burst');
    stop();
    const after = changes;
    writeFileSync(path.join(dir, 'exit.json'), '{"again":1}');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changes).toBe(after);
  });
});

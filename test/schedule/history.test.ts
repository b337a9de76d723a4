// Other runs' durations are read from what each run left small (its snapshot), not its journal.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointPath } from '../../src/journal/checkpoint.js';
import { journalPath } from '../../src/journal/paths.js';
import { createRun } from '../../src/journal/run-open.js';
import { historyFor } from '../../src/schedule/history.js';
import { makeLoaded, OPERATOR, removeDir, tempDir } from '../journal/helpers.js';

let stateDir: string;
beforeEach(() => {
  stateDir = tempDir('rc-history-');
});
afterEach(() => removeDir(stateDir));

const loaded = makeLoaded();

function finishedRun(run: string, buildMs: number): string {
  const store = createRun({ stateDir, loaded, run, operator: OPERATOR, variables: {} });
  const attempt = { attempt: 1, pid: 1, pidStart: '1', bootId: 'b', logPath: 'log', commandDigest: 'd' };
  store.event('step.started', attempt, 'build');
  store.event(
    'step.finished',
    { attempt: 1, exitCode: 0, signal: null, durationMs: buildMs, timedOut: false },
    'build',
  );
  store.close();
  return store.dir;
}

describe('historyFor', () => {
  it('takes a closed run’s durations from its snapshot: its journal before the last line is not read', () => {
    const dir = finishedRun('rehearsal', 4000);
    finishedRun('other', 6000);
    // Damage every line but the last (whose seq the snapshot is checked against) and drop the
    // checkpoint: a journal read would now fail, and the run would not be counted.
    const lines = fs.readFileSync(journalPath(dir), 'utf8').split('\n');
    const damaged = lines.map((line, n) => (n < lines.length - 2 ? line.replace('"seq"', '"seq_"') : line));
    fs.writeFileSync(journalPath(dir), damaged.join('\n'));
    fs.rmSync(checkpointPath(dir));
    const history = historyFor(stateDir, 'demo', 'production', loaded.sha256);
    expect(history.runs.sort()).toEqual(['other', 'rehearsal']);
    expect(history.samples.get('build')?.sort()).toEqual([4000, 6000]);
    expect(history.basis).toBe('digest');
  });
});

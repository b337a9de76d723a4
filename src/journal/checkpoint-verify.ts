// The check that a run opened from a checkpoint owes: every line before the checkpoint verified
// (checksum, chain, seq) and folded again, and the fold must be the checkpoint's state and folds.
// Async, one 1 MB chunk at a time with the event loop between chunks, so it runs after the
// cockpit's first frame without holding up keys (100,000 events: ~0.3 s of CPU in ~30 slices).
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { Checkpoint } from './checkpoint.js';
import { RunFolds } from './folds.js';
import { FILE_START, JournalScan } from './journal-scan.js';
import { stateFolder, withStepIds } from './reducer.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Null when the journal up to the checkpoint gives exactly the checkpoint; else what is wrong. */
export async function verifyCheckpoint(
  journalFile: string,
  checkpoint: Checkpoint,
  options: { signal?: AbortSignal; sync?: boolean } = {},
): Promise<string | null> {
  const folder = stateFolder();
  const folds = new RunFolds();
  let fd: number;
  try {
    fd = fs.openSync(journalFile, 'r');
  } catch (error) {
    return (error as Error).message;
  }
  try {
    const scan = new JournalScan(journalFile, fd, checkpoint.offset, FILE_START, (record) => {
      folder.add(record);
      folds.add(record);
    });
    while (scan.step()) {
      if (options.signal?.aborted) return null;
      if (!options.sync) await nextTurn();
    }
    if (scan.torn) return `${journalFile}:${scan.torn.line}: ${scan.torn.reason}`;
    if (
      scan.validEnd !== checkpoint.offset ||
      scan.lastSeq !== checkpoint.seq ||
      scan.lastSum !== checkpoint.sum
    ) {
      return `${journalFile}: the checkpoint's record (seq ${checkpoint.seq}) is not where the journal's lines lead`;
    }
  } catch (error) {
    return (error as Error).message;
  } finally {
    fs.closeSync(fd);
  }
  // Steps the plan had and the journal never named are added at open (withStepIds): the same here.
  const state = withStepIds(folder.state(), Object.keys(checkpoint.state.steps));
  const body = JSON.stringify({ state, folds: folds.save() });
  // Same bytes in the usual case; otherwise the same values in another key order will do.
  if (body === checkpoint.body || isDeepStrictEqual(JSON.parse(body), JSON.parse(checkpoint.body)))
    return null;
  return `${journalFile}: the checkpoint's state is not what the journal's first ${checkpoint.seq} records give`;
}

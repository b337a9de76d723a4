// A run's state for a glance at another run (the durations of earlier runs behind the cockpit's
// "expected" and the report's timeline): from its checkpoint plus the lines after it when the
// checkpoint is intact and the journal holds its record, else from the whole journal. The lines
// read are verified; the checkpoint's own prefix is not read again: its owner does that.
import { linesAfter, readCheckpoint } from './checkpoint.js';
import { loadJournal } from './journal.js';
import { journalPath } from './paths.js';
import { stateFolder } from './reducer.js';
import type { RunState } from './state-types.js';

export function glanceRunState(runDir: string): RunState {
  const file = journalPath(runDir);
  const { checkpoint } = readCheckpoint(runDir, file);
  const folder = stateFolder(checkpoint?.state);
  loadJournal(file, {
    repair: false,
    onRecord: folder.add,
    keep: false,
    ...linesAfter(checkpoint),
  });
  return folder.state();
}

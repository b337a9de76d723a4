// In-process journal figures: the fsynced append cost with 100 and with 100,000 events in the
// journal, and the library's load + verify + reduce time of a 100,000-event run (context for
// the cockpit's resume time).
import type { Operator } from '../../src/journal/events.js';
import { loadJournal } from '../../src/journal/journal.js';
import { journalPath, runDir } from '../../src/journal/paths.js';
import { reduce } from '../../src/journal/reducer.js';
import { openRun } from '../../src/journal/run-open.js';
import type { RunStore } from '../../src/journal/run-store.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { median, nowMs, percentile } from './stats.js';

export interface AppendFigures {
  medianUs: number;
  p95Us: number;
  samples: number;
  eventsBefore: number;
}

/** Time `count` fsynced appends of a short note through the RunStore (the session's path). */
function timeAppends(store: RunStore, count: number): AppendFigures {
  const eventsBefore = store.records;
  const samples: number[] = [];
  for (let n = 0; n < count; n++) {
    const start = nowMs();
    store.event('note', { text: `bench append ${n}` });
    samples.push((nowMs() - start) * 1000);
  }
  return { medianUs: median(samples), p95Us: percentile(samples, 95), samples: samples.length, eventsBefore };
}

/** Open the run as writer, bring it to `target` events with plain appends, then time `count`. */
export async function appendCost(options: {
  stateDir: string;
  planFile: string;
  run: string;
  operator: Operator;
  target: number;
  count: number;
}): Promise<AppendFigures> {
  const loaded = await loadPlanFile(options.planFile);
  const store = openRun({
    stateDir: options.stateDir,
    loaded,
    run: options.run,
    operator: options.operator,
    mode: 'write',
  });
  try {
    while (store.records < options.target) store.event('note', { text: 'filler' });
    return timeAppends(store, options.count);
  } finally {
    store.close();
  }
}

/** Median ms to read, verify (checksums, chain) and reduce the run's whole journal. */
export async function loadAndReduceMs(options: {
  stateDir: string;
  planFile: string;
  run: string;
  repetitions: number;
}): Promise<{ medianMs: number; records: number }> {
  const loaded = await loadPlanFile(options.planFile);
  const file = journalPath(runDir(options.stateDir, loaded.plan.id, options.run));
  const samples: number[] = [];
  let records = 0;
  for (let n = 0; n < options.repetitions; n++) {
    const start = nowMs();
    const journal = loadJournal(file, { repair: false });
    reduce(journal.records);
    samples.push(nowMs() - start);
    records = journal.records.length;
  }
  return { medianMs: median(samples), records };
}

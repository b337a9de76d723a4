// Generated inputs for the bench: plans (a step printing N bytes fast, an endless printer, a
// plan of many steps) and a run whose journal holds many valid, chained events.
import fs from 'node:fs';
import path from 'node:path';
import type { Operator } from '../../src/journal/events.js';
import { loadJournal } from '../../src/journal/journal.js';
import { journalPath } from '../../src/journal/paths.js';
import { serializeRecord } from '../../src/journal/record.js';
import { createRun, openRun } from '../../src/journal/run-open.js';
import { loadPlanFile } from '../../src/plan/load.js';

/** One coloured log line (~100 bytes with its SGR codes), like a busy service's log. */
export const LOG_LINE = String.raw`\e[2m2026-11-27T12:00:00.000Z\e[0m \e[32mINFO\e[0m worker-3 migrate: the quick brown fox jumps over the lazy dog \e[33m0123456789\e[0m`;

/** bash text printing exactly `bytes` bytes of coloured lines as fast as the machine can. */
export function printBytesCommand(bytes: number): string {
  // Process substitution, not a pipe: `yes` dies of SIGPIPE when head is done, and the step
  // script runs with pipefail.
  return `head -c ${bytes} < <(yes $'${LOG_LINE}')`;
}

/** bash text printing coloured lines until it is killed. */
export const PRINT_FOREVER = `yes $'${LOG_LINE}'`;

export const BIG_STEP_TITLE = 'Print the output';

function yamlQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A plan with one command step running `command`, then `notes` note steps. */
export function commandPlan(id: string, command: string, notes: number): string {
  const lines = [
    `id: ${id}`,
    'title: Bench plan',
    'version: 1',
    'language: en',
    'phases:',
    '  - id: work',
    '    title: Work',
    '    window: T0',
    '    steps:',
    '      - id: big',
    '        kind: command',
    `        title: ${BIG_STEP_TITLE}`,
    `        run: ${yamlQuote(command)}`,
  ];
  for (let n = 1; n <= notes; n++) {
    lines.push(
      `      - id: note-${n}`,
      '        kind: note',
      `        title: Note ${n}`,
      '        text: Nothing runs here.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Title of step `n` (1-based) of the many-steps plan. */
export function manyStepTitle(n: number): string {
  return `Step ${String(n).padStart(4, '0')}`;
}

/** A plan of `steps` note steps in phases of 100. */
export function manyStepsPlan(id: string, steps: number): string {
  const lines = [`id: ${id}`, 'title: Many steps', 'version: 1', 'language: en', 'phases:'];
  for (let n = 1; n <= steps; n++) {
    if ((n - 1) % 100 === 0) {
      const phase = Math.floor((n - 1) / 100) + 1;
      lines.push(`  - id: phase-${phase}`, `    title: Phase ${phase}`, '    window: T0', '    steps:');
    }
    lines.push(
      `      - id: s${n}`,
      '        kind: note',
      `        title: ${manyStepTitle(n)}`,
      '        text: Read me.',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function writePlan(dir: string, name: string, text: string): string {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

/**
 * Create `run` of the plan through the RunStore (so the run is real), then append notes up
 * to `events` records in one write (a fixture: chained and checksummed, not fsynced per line).
 */
export async function runWithEvents(options: {
  stateDir: string;
  planFile: string;
  run: string;
  events: number;
  operator: Operator;
}): Promise<{ journal: string; bytes: number }> {
  const loaded = await loadPlanFile(options.planFile);
  const store = createRun({
    stateDir: options.stateDir,
    loaded,
    run: options.run,
    operator: options.operator,
    variables: {},
  });
  const dir = store.dir;
  store.close();
  const file = journalPath(dir);
  const journal = loadJournal(file, { repair: false });
  const stepIds = loaded.plan.phases.flatMap((phase) => phase.steps.map((step) => step.id));
  let prev = journal.lastSum;
  let seq = journal.lastSeq;
  const time = new Date().toISOString();
  const chunks: string[] = [];
  const fd = fs.openSync(file, 'a');
  try {
    while (seq < options.events) {
      seq += 1;
      const { record, line } = serializeRecord({
        seq,
        time,
        operator: options.operator,
        prev,
        event: {
          type: 'note',
          step: stepIds[seq % stepIds.length] as string,
          data: { text: `bench note ${seq}` },
        },
      });
      prev = record.sum;
      chunks.push(line);
      if (chunks.length >= 5000) fs.writeSync(fd, chunks.splice(0).join(''));
    }
    if (chunks.length) fs.writeSync(fd, chunks.join(''));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { journal: file, bytes: fs.statSync(file).size };
}

/**
 * `runs` runs of one plan (names r000, r001, …), each with `events` records and then opened and
 * closed by a writer, as a session leaves a run (snapshot and checkpoint current). Returns the
 * name of the newest.
 */
export async function manyRuns(options: {
  stateDir: string;
  planFile: string;
  runs: number;
  events: number;
  operator: Operator;
}): Promise<string> {
  const loaded = await loadPlanFile(options.planFile);
  let name = '';
  for (let n = 0; n < options.runs; n++) {
    name = `r${String(n).padStart(3, '0')}`;
    await runWithEvents({ ...options, run: name });
    openRun({
      stateDir: options.stateDir,
      loaded,
      run: name,
      operator: options.operator,
      mode: 'write',
    }).close();
  }
  return name;
}

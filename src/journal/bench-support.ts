// Material for `npm run bench` (not used by the product): build a large journal quickly and
// time the two costs the issue names — load 100,000 events to a state, and one append at
// 100 vs at 100,000 events (it must not grow: no re-reading, last seq/sum kept in memory).
import fs from 'node:fs';
import type { JournalEvent, Operator } from './events.js';
import { createJournalFile, JournalWriter, loadJournal } from './journal.js';
import { serializeRecord } from './record.js';
import { stateFolder } from './reducer.js';

const BENCH_OPERATOR: Operator = { user: 'bench', host: 'bench', tty: null, sshClient: null };

/** A realistic mix: attempts of 50 steps with output, finishes, notes and confirmations. */
export function syntheticEvent(i: number): JournalEvent {
  const step = `step-${i % 50}`;
  const attempt = Math.floor(i / 200) + 1;
  switch (i % 4) {
    case 0:
      return {
        type: 'step.started',
        step,
        data: {
          attempt,
          pid: 1000 + i,
          pidStart: '123456',
          bootId: 'b',
          logPath: `attempts/${step}/${attempt}/log`,
          commandDigest: 'c',
        },
      };
    case 1:
      return {
        type: 'step.output',
        step,
        data: { attempt, logPath: `attempts/${step}/${attempt}/log`, bytes: i },
      };
    case 2:
      return {
        type: 'step.finished',
        step,
        data: { attempt, exitCode: i % 7 === 0 ? 1 : 0, signal: null, durationMs: i, timedOut: false },
      };
    default:
      return { type: 'note', step, data: { text: `note ${i}: all good on host-${i % 13}` } };
  }
}

/** Write `count` chained records (one write, one fsync: building the fixture is not what we time). */
export function writeSyntheticJournal(file: string, count: number): void {
  const created: JournalEvent = {
    type: 'run.created',
    data: {
      planId: 'bench',
      planPath: '/bench.yaml',
      planSha256: 'x',
      run: 'bench',
      variables: {},
      stepDigests: {},
    },
  };
  const lines: string[] = [];
  let prev = '';
  const time = new Date(Date.UTC(2026, 0, 1)).toISOString();
  for (let seq = 1; seq <= count; seq++) {
    const event = seq === 1 ? created : syntheticEvent(seq);
    const { record, line } = serializeRecord({ seq, time, operator: BENCH_OPERATOR, prev, event });
    prev = record.sum;
    lines.push(line);
  }
  fs.writeFileSync(file, lines.join(''), { mode: 0o600 });
}

/**
 * Milliseconds to load, verify and reduce the journal (wall, and CPU of this process, which a
 * busy machine disturbs less), and the state's lastSeq.
 */
export function timeLoadToState(file: string): { ms: number; cpuMs: number; lastSeq: number } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const folder = stateFolder();
  loadJournal(file, { repair: false, onRecord: folder.add, keep: false });
  const state = folder.state();
  const used = process.cpuUsage(cpu);
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6,
    cpuMs: (used.user + used.system) / 1000,
    lastSeq: state.lastSeq,
  };
}

/** Median milliseconds of one fsynced append onto a journal of `existing` events. */
export function timeAppend(file: string, existing: number, samples = 30): number {
  if (existing > 0) writeSyntheticJournal(file, existing);
  else createJournalFile(file);
  const loaded = loadJournal(file, { repair: false });
  const writer = new JournalWriter(file, loaded);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    writer.append(syntheticEvent(existing + i), BENCH_OPERATOR);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  writer.close();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

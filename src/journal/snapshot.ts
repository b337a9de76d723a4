// conf holds small, rebuildable things: a per-run snapshot (where the operator stood, the
// variables, the plan hash, the last journal seq) and the operator's preferences. The journal
// is the truth: a snapshot that is missing, behind the journal or invalid is rebuilt from it.
// conf throws on invalid JSON (we never pass clearInvalidConfig); we catch, remove and rebuild.
// conf writes with atomically (temp + rename); a crash leaves `*.tmp-*` files, swept here.
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { stepDurations } from './durations.js';
import { failpoint } from './failpoint.js';
import { FINISHED_OK } from './reducer.js';
import type { RunState } from './state-types.js';
import { checkOwnership, fileModeFor } from './statedir.js';

export interface RunSnapshot {
  /** The step the operator had selected. */
  position: string | null;
  /** As journaled: secrets are masked. */
  variables: Record<string, string>;
  planSha256: string;
  lastSeq: number;
  savedAt: string;
  /** What the start screen lists, as of lastSeq (absent in snapshots of older versions). */
  summary?: RunProgress;
}

export interface RunProgress {
  progress: { done: number; total: number };
  createdAt: string;
  lastEventAt: string;
  /** Step id → completion durations (other runs' "expected"; absent in older snapshots). */
  durations?: Record<string, number[]>;
}

/**
 * Steps finished (succeeded, done, skipped) of those the plan still has on the path the run is
 * on (main, or rollback once decided: what the cockpit's header counts), and when.
 */
export function runProgress(state: RunState): RunProgress {
  const rollback = new Set(state.rollbackSteps ?? []);
  const onPath = (id: string) =>
    state.rollbackSteps === null || rollback.has(id) === (state.rollback !== null);
  const live = Object.values(state.steps).filter((step) => !step.removed && onPath(step.id));
  const done = live.filter((step) => FINISHED_OK.includes(step.status)).length;
  return {
    progress: { done, total: live.length },
    createdAt: state.createdAt,
    lastEventAt: state.lastEventAt,
    durations: stepDurations(state),
  };
}

function isProgress(value: unknown): value is RunProgress {
  const p = value as Partial<RunProgress> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.progress === 'object' &&
    p.progress !== null &&
    Number.isInteger(p.progress.done) &&
    Number.isInteger(p.progress.total) &&
    typeof p.createdAt === 'string' &&
    typeof p.lastEventAt === 'string' &&
    (p.durations === undefined ||
      (typeof p.durations === 'object' &&
        p.durations !== null &&
        Object.values(p.durations).every(
          (list) => Array.isArray(list) && list.every((ms) => typeof ms === 'number'),
        )))
  );
}

/**
 * The start screen's line for a run, from its snapshot, when the snapshot is as new as the
 * journal's last line (read from the end of the file, its checksum checked): listing runs then
 * costs no journal read. Null when the snapshot is missing, older or has no summary.
 */
export function cachedProgress(runDir: string, lastSeq: number | null): RunProgress | null {
  const snapshot = currentSnapshot(runDir, lastSeq);
  return snapshot && isProgress(snapshot.summary) ? snapshot.summary : null;
}

/** The run's snapshot when it is as new as the journal's last line (`lastSeq`), else null. */
export function currentSnapshot(runDir: string, lastSeq: number | null): RunSnapshot | null {
  if (lastSeq === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(path.join(runDir, `${SNAPSHOT_NAME}.json`), 'utf8'));
  } catch {
    return null;
  }
  if (!isSnapshot(value) || value.lastSeq !== lastSeq) return null;
  if (value.summary !== undefined && !isProgress(value.summary)) return null;
  return value;
}

export type SnapshotStatus = 'fresh' | 'missing' | 'behind' | 'invalid';

const SNAPSHOT_NAME = 'snapshot';
const CONF_TEMP = /\.tmp-[0-9a-z]+$/i;

function isSnapshot(value: unknown): value is RunSnapshot {
  const snapshot = value as Partial<RunSnapshot> | null;
  return (
    typeof snapshot === 'object' &&
    snapshot !== null &&
    (snapshot.position === null || typeof snapshot.position === 'string') &&
    typeof snapshot.variables === 'object' &&
    snapshot.variables !== null &&
    typeof snapshot.planSha256 === 'string' &&
    Number.isInteger(snapshot.lastSeq)
  );
}

/** Remove conf's leftover temp files; in a shared directory only those older than `minAgeMs`. */
export function sweepConfTemps(dir: string, minAgeMs = 0): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  const now = Date.now();
  for (const name of names) {
    if (!CONF_TEMP.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (minAgeMs > 0 && now - fs.statSync(file).mtimeMs < minAgeMs) continue;
      fs.unlinkSync(file);
      removed.push(name);
    } catch {
      // raced with its writer: fine
    }
  }
  return removed;
}

function openConf<T extends Record<string, unknown>>(dir: string, name: string): Conf<T> {
  const file = path.join(dir, `${name}.json`);
  checkOwnership(file);
  const options = {
    cwd: dir,
    configName: name,
    configFileMode: fileModeFor(dir),
    serialize: (value: T) => {
      if (name === SNAPSHOT_NAME) failpoint('snapshot.write', 'before');
      return `${JSON.stringify(value, null, 2)}\n`;
    },
  };
  try {
    return new Conf<T>(options);
  } catch {
    // Invalid JSON (or unreadable): it only ever held rebuildable data.
    fs.rmSync(file, { force: true });
    return new Conf<T>(options);
  }
}

function setModeOf(dir: string, name: string): void {
  try {
    fs.chmodSync(path.join(dir, `${name}.json`), fileModeFor(dir));
  } catch {
    // not written yet
  }
}

/** The run's snapshot and why it cannot be used as is ('fresh' when it can). */
export function readSnapshot(
  runDir: string,
  state: RunState,
): { snapshot: RunSnapshot | null; status: SnapshotStatus } {
  const file = path.join(runDir, `${SNAPSHOT_NAME}.json`);
  if (!fs.existsSync(file)) return { snapshot: null, status: 'missing' };
  let value: unknown;
  try {
    value = openConf<Record<string, unknown>>(runDir, SNAPSHOT_NAME).store;
  } catch {
    return { snapshot: null, status: 'invalid' };
  }
  if (!isSnapshot(value)) return { snapshot: null, status: 'invalid' };
  if (value.lastSeq > state.lastSeq) return { snapshot: null, status: 'invalid' };
  if (value.lastSeq < state.lastSeq) return { snapshot: value, status: 'behind' };
  return { snapshot: value, status: 'fresh' };
}

export function writeSnapshot(runDir: string, snapshot: RunSnapshot): void {
  const store = openConf<Record<string, unknown>>(runDir, SNAPSHOT_NAME);
  store.store = { ...snapshot };
  failpoint('snapshot.write', 'after');
  setModeOf(runDir, SNAPSHOT_NAME);
}

/**
 * The snapshot that matches the journal: the stored one when fresh, otherwise rebuilt from the
 * state (keeping a still-valid position from the old one) and written back when `write`.
 */
export function syncSnapshot(
  runDir: string,
  state: RunState,
  options: { write: boolean; validPositions?: ReadonlySet<string> },
): { snapshot: RunSnapshot; status: SnapshotStatus } {
  const { snapshot, status } = readSnapshot(runDir, state);
  if (snapshot && status === 'fresh') return { snapshot, status };
  const oldPosition = snapshot?.position ?? null;
  const position =
    oldPosition && (!options.validPositions || options.validPositions.has(oldPosition)) ? oldPosition : null;
  const rebuilt: RunSnapshot = {
    position,
    variables: { ...state.variables },
    planSha256: state.planSha256,
    lastSeq: state.lastSeq,
    savedAt: new Date().toISOString(),
    summary: runProgress(state),
  };
  if (options.write) writeSnapshot(runDir, rebuilt);
  return { snapshot: rebuilt, status };
}

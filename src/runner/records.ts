// The files a wrapper leaves in an attempt directory, read back safely (a half-written or
// foreign file reads as null, never throws), and whether the attempt's kernel lock is held.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ExitRecord, PidRecord } from '../journal/paths.js';

export type { ExitRecord, PidRecord };

/** pid.json as the wrapper writes it: the wrapper itself plus the command's process group. */
export interface WrapperPidRecord extends PidRecord {
  /** Process group (and session) of the user's command; signals for cancel go here. */
  pgid: number;
  /** Start time of the group's leader, so a reused pid is never signalled. */
  pgidStart: string;
}

/**
 * Per-host exit record; `notStarted` when the step ended before this host's turn (or the host
 * was never reached), `unknown` (why) when the host's command left no exit record.
 */
export interface HostExitRecord extends ExitRecord {
  notStarted?: boolean;
  unknown?: string;
}

/** What a follower says of one host now (hosts/<host>/state.json, written on changes). */
export interface HostState {
  state: 'starting' | 'running' | 'reconnecting' | 'unreachable' | 'exited' | 'unknown' | 'not-started';
  /** When the current spell began (for reconnecting/unreachable: when the link was lost). */
  since: string;
  /** When the follower wrote this. */
  at: string;
  /** Failed tries since the link was lost. */
  reconnects: number;
  reason?: string;
  /** A cancel asked for: "queued" until the host got it. */
  cancel?: 'queued' | 'sent';
}

const HOST_STATES = new Set<HostState['state']>([
  'starting',
  'running',
  'reconnecting',
  'unreachable',
  'exited',
  'unknown',
  'not-started',
]);

export const ATTEMPT_FILES = {
  script: 'script.sh',
  wrapper: 'wrapper.sh',
  log: 'log',
  pid: 'pid.json',
  exit: 'exit.json',
  lock: 'step.lock',
  hosts: 'hosts',
} as const;

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function readPidRecord(attemptDir: string): WrapperPidRecord | null {
  const value = readJson(path.join(attemptDir, ATTEMPT_FILES.pid));
  if (!isObject(value)) return null;
  const { pid, pidStart, bootId, startedAt, pgid, pgidStart } = value;
  if (typeof pid !== 'number' || typeof pidStart !== 'string' || typeof bootId !== 'string') return null;
  return {
    pid,
    pidStart,
    bootId,
    startedAt: typeof startedAt === 'string' ? startedAt : '',
    pgid: typeof pgid === 'number' ? pgid : 0,
    pgidStart: typeof pgidStart === 'string' ? pgidStart : '',
  };
}

export function readExitRecord(file: string): HostExitRecord | null {
  const value = readJson(file);
  if (!isObject(value)) return null;
  const { exitCode, signal, endedAt, timedOut, notStarted, unknown } = value;
  if (exitCode !== null && typeof exitCode !== 'number') return null;
  const record: HostExitRecord = {
    exitCode,
    signal: typeof signal === 'string' ? signal : null,
    endedAt: typeof endedAt === 'string' ? endedAt : '',
    timedOut: timedOut === true,
  };
  if (notStarted === true) record.notStarted = true;
  if (typeof unknown === 'string') record.unknown = unknown;
  return record;
}

/** exit.json; `unknown` (why) when a multi-host step's outcome is unknown on some host. */
export function readAttemptExit(attemptDir: string): (ExitRecord & { unknown?: string }) | null {
  const record = readExitRecord(path.join(attemptDir, ATTEMPT_FILES.exit));
  if (record === null) return null;
  const { notStarted: _ignored, ...exit } = record;
  return exit;
}

export function readHostState(attemptDir: string, host: string): HostState | null {
  const value = readJson(path.join(attemptDir, ATTEMPT_FILES.hosts, host, 'state.json'));
  if (!isObject(value) || !HOST_STATES.has(value.state as HostState['state'])) return null;
  const { state, since, at, reconnects, reason, cancel } = value;
  return {
    state: state as HostState['state'],
    since: typeof since === 'string' ? since : '',
    at: typeof at === 'string' ? at : '',
    reconnects: typeof reconnects === 'number' ? reconnects : 0,
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(cancel === 'queued' || cancel === 'sent' ? { cancel } : {}),
  };
}

/** Every host's state of a multi-host attempt (hosts the follower has not written yet: left out). */
export function readHostStates(attemptDir: string): Record<string, HostState> {
  const states: Record<string, HostState> = {};
  for (const host of attemptHosts(attemptDir)) {
    const state = readHostState(attemptDir, host);
    if (state) states[host] = state;
  }
  return states;
}

/** Per-host exit records of a multi-host attempt (hosts without one yet are left out). */
export function readHostExits(attemptDir: string): Record<string, HostExitRecord> | undefined {
  const dir = path.join(attemptDir, ATTEMPT_FILES.hosts);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const hosts: Record<string, HostExitRecord> = {};
  for (const host of names.sort()) {
    const record = readExitRecord(path.join(dir, host, ATTEMPT_FILES.exit));
    if (record) hosts[host] = record;
  }
  return hosts;
}

/** Host aliases of a multi-host attempt (its hosts/ directories), in order; [] for a local one. */
export function attemptHosts(attemptDir: string): string[] {
  try {
    return readdirSync(path.join(attemptDir, ATTEMPT_FILES.hosts)).sort();
  } catch {
    return [];
  }
}

/**
 * Whether some process holds the flock on attemptDir/step.lock. Read from /proc/locks (never by
 * trying the lock: a probe could make a starting wrapper refuse). Matched on the lock file's
 * device and inode: an inode number alone recurs on every other file system.
 */
export function isStepLockHeld(attemptDir: string, procLocks = '/proc/locks'): boolean {
  let file: { dev: bigint; ino: bigint };
  try {
    file = statSync(path.join(attemptDir, ATTEMPT_FILES.lock), { bigint: true });
  } catch {
    return false;
  }
  let table: string;
  try {
    table = readFileSync(procLocks, 'utf8');
  } catch {
    return false;
  }
  const device = deviceOf(file.dev);
  const inode = String(file.ino);
  return parseProcLocks(table).some(
    (lock) => lock.kind === 'FLOCK' && lock.device === device && lock.inode === inode,
  );
}

/**
 * st_dev as /proc/locks prints a device: "MAJOR:MINOR" in hex. st_dev is glibc's makedev
 * encoding (major in bits 8–19 and 32–63, minor in bits 0–7 and 12–31).
 */
export function deviceOf(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xfffff000n);
  const minor = (dev & 0xffn) | ((dev >> 12n) & 0xffffff00n);
  return `${major.toString(16)}:${minor.toString(16)}`;
}

export interface ProcLock {
  kind: string;
  pid: number;
  /** "MAJOR:MINOR", hex without leading zeros (deviceOf's form). */
  device: string;
  /** Decimal, as a string: inode numbers may pass 2^53. */
  inode: string;
}

/** Lines of /proc/locks: "1: FLOCK  ADVISORY  WRITE 1234 00:2f:5678 0 EOF" (blocked waiters "->"). */
export function parseProcLocks(table: string): ProcLock[] {
  const locks: ProcLock[] = [];
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === '->') continue;
    const [, kind, , , pid, where] = fields;
    const [major, minor, inode] = where?.split(':') ?? [];
    if (!kind || !pid || !major || !minor || !inode || !/^[0-9]+$/.test(inode)) continue;
    const device = `${Number.parseInt(major, 16).toString(16)}:${Number.parseInt(minor, 16).toString(16)}`;
    locks.push({ kind, pid: Number(pid), device, inode });
  }
  return locks;
}

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

/** Per-host exit record; `notStarted` when the step ended before this host's turn. */
export interface HostExitRecord extends ExitRecord {
  notStarted?: boolean;
}

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
  const { exitCode, signal, endedAt, timedOut, notStarted } = value;
  if (exitCode !== null && typeof exitCode !== 'number') return null;
  const record: HostExitRecord = {
    exitCode,
    signal: typeof signal === 'string' ? signal : null,
    endedAt: typeof endedAt === 'string' ? endedAt : '',
    timedOut: timedOut === true,
  };
  if (notStarted === true) record.notStarted = true;
  return record;
}

export function readAttemptExit(attemptDir: string): ExitRecord | null {
  const record = readExitRecord(path.join(attemptDir, ATTEMPT_FILES.exit));
  if (record === null) return null;
  const { notStarted: _ignored, ...exit } = record;
  return exit;
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
 * trying the lock: a probe could make a starting wrapper refuse). Matches the lock file's inode.
 */
export function isStepLockHeld(attemptDir: string, procLocks = '/proc/locks'): boolean {
  let inode: number;
  try {
    inode = statSync(path.join(attemptDir, ATTEMPT_FILES.lock)).ino;
  } catch {
    return false;
  }
  let table: string;
  try {
    table = readFileSync(procLocks, 'utf8');
  } catch {
    return false;
  }
  return parseProcLocks(table).some((lock) => lock.kind === 'FLOCK' && lock.inode === inode);
}

/** Lines of /proc/locks: "1: FLOCK  ADVISORY  WRITE 1234 00:2f:5678 0 EOF" (blocked waiters "->"). */
export function parseProcLocks(table: string): { kind: string; pid: number; inode: number }[] {
  const locks: { kind: string; pid: number; inode: number }[] = [];
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === '->') continue;
    const [, kind, , , pid, device] = fields;
    const inode = device?.split(':')[2];
    if (kind && pid && inode) locks.push({ kind, pid: Number(pid), inode: Number(inode) });
  }
  return locks;
}

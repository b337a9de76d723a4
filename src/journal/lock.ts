// One writer per run. lock.json is created exclusively: the content is written to a private
// temp file first and then link()ed into place, so a reader never sees a half-written lock and
// two processes linking at once cannot both succeed (link fails with EEXIST).
// Staleness is decided by process identity, never by mtime: a lock is taken over only when its
// holder is on this host, this boot, and (pid, start time) is no longer alive. Anything else
// needs `force-unlock LOCK_ID`.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { bootId, isSameProcessAlive, processStartTime } from '../sys/proc.js';
import type { Operator } from './events.js';
import { failpoint } from './failpoint.js';
import { lockPath } from './paths.js';
import { fileModeFor, fsyncDir } from './statedir.js';

export interface LockInfo {
  lockId: string;
  user: string;
  host: string;
  pid: number;
  pidStart: string;
  bootId: string;
  tty: string | null;
  sshClient: string | null;
  since: string;
}

export type AcquireResult =
  | { ok: true; lock: LockInfo; takenOver?: LockInfo }
  /** `holder` is null when lock.json exists but cannot be read. */
  | { ok: false; holder: LockInfo | null };

function newLockInfo(operator: Operator): LockInfo {
  return {
    lockId: randomBytes(8).toString('hex'),
    user: operator.user,
    host: os.hostname(),
    pid: process.pid,
    pidStart: processStartTime(process.pid) ?? '',
    bootId: bootId(),
    tty: operator.tty,
    sshClient: operator.sshClient,
    since: new Date().toISOString(),
  };
}

function isLockInfo(value: unknown): value is LockInfo {
  const lock = value as Partial<LockInfo> | null;
  return (
    typeof lock === 'object' &&
    lock !== null &&
    typeof lock.lockId === 'string' &&
    typeof lock.user === 'string' &&
    typeof lock.host === 'string' &&
    typeof lock.pid === 'number' &&
    typeof lock.since === 'string'
  );
}

function parseLock(text: string): LockInfo | null {
  try {
    const value: unknown = JSON.parse(text);
    return isLockInfo(value) ? value : null;
  } catch {
    return null;
  }
}

/** The current holder; null when unlocked; 'unreadable' when lock.json is damaged. */
export function readLock(runDir: string): LockInfo | null | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(lockPath(runDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseLock(text) ?? 'unreadable';
}

/** Dead for sure: same host and boot, and that (pid, start time) no longer runs. */
export function isHolderDead(holder: LockInfo): boolean {
  if (holder.host !== os.hostname() || holder.bootId !== bootId()) return false;
  return !isSameProcessAlive(holder.pid, holder.pidStart, holder.bootId);
}

function tryLink(runDir: string, lock: LockInfo): boolean {
  const temp = path.join(runDir, `.lock.${lock.lockId}.${process.pid}.tmp`);
  const mode = fileModeFor(runDir);
  const fd = fs.openSync(temp, 'wx', mode);
  try {
    fs.fchmodSync(fd, mode);
    fs.writeSync(fd, `${JSON.stringify(lock, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, lockPath(runDir));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.unlinkSync(temp);
    fsyncDir(runDir);
  }
}

/**
 * Move a dead holder's lock away, but only if lock.json still is that lock: rename is atomic,
 * then the moved file is checked, and put back when another process got there first.
 */
function removeDeadLock(runDir: string, dead: LockInfo): boolean {
  const aside = path.join(runDir, `.lock.dead-${dead.lockId}-${process.pid}`);
  try {
    failpoint('rename', 'before');
    fs.renameSync(lockPath(runDir), aside);
    failpoint('rename', 'after');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  const moved = parseLock(fs.readFileSync(aside, 'utf8'));
  if (moved?.lockId === dead.lockId) {
    fs.unlinkSync(aside);
    fsyncDir(runDir);
    return true;
  }
  // We moved someone's fresh lock: restore it (link fails only if yet another lock appeared,
  // and that writer then checks its lock before each append).
  try {
    fs.linkSync(aside, lockPath(runDir));
  } catch {
    // keep going: the aside file is removed below either way
  }
  fs.unlinkSync(aside);
  fsyncDir(runDir);
  return false;
}

export function acquireLock(runDir: string, operator: Operator): AcquireResult {
  const lock = newLockInfo(operator);
  for (let round = 0; round < 3; round++) {
    if (tryLink(runDir, lock)) return { ok: true, lock };
    const holder = readLock(runDir);
    if (holder === null) continue; // released meanwhile: try again
    if (holder === 'unreadable') return { ok: false, holder: null };
    if (!isHolderDead(holder)) return { ok: false, holder };
    if (!removeDeadLock(runDir, holder)) continue;
    if (tryLink(runDir, lock)) return { ok: true, lock, takenOver: holder };
  }
  const holder = readLock(runDir);
  return { ok: false, holder: holder === 'unreadable' ? null : holder };
}

/**
 * Remove what crashed lock attempts leave (`.lock.<id>.<pid>.tmp`, `.lock.dead-<id>-<pid>`)
 * when that pid no longer exists. Called by the writer after it took the lock.
 */
export function sweepLockLeftovers(runDir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(runDir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^\.lock\.(?:[0-9a-f]+\.(\d+)\.tmp|dead-[0-9a-f]+-(\d+))$/.exec(name);
    const pid = Number(match?.[1] ?? match?.[2]);
    if (!match || pid === process.pid || isPidAlive(pid)) continue;
    fs.rmSync(path.join(runDir, name), { force: true });
  }
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether lock.json still holds our lock (checked before each append). */
export function holdsLock(runDir: string, lockId: string): boolean {
  const holder = readLock(runDir);
  return holder !== null && holder !== 'unreadable' && holder.lockId === lockId;
}

/** Remove our own lock (a no-op when it is not ours any more). */
export function releaseLock(runDir: string, lockId: string): void {
  if (!holdsLock(runDir, lockId)) return;
  fs.unlinkSync(lockPath(runDir));
  fsyncDir(runDir);
}

/** Remove the lock `lockId` whoever holds it; the id must match (exit 2 otherwise). */
export function forceUnlock(runDir: string, lockId: string): LockInfo | null {
  const holder = readLock(runDir);
  if (holder === null) throw new UserError(`the run is not locked (nothing to unlock)`, EXIT.badInput);
  if (holder === 'unreadable') {
    if (lockId !== 'unreadable') {
      throw new UserError(`${lockPath(runDir)} is unreadable; pass "unreadable" as LOCK_ID to remove it`);
    }
  } else if (holder.lockId !== lockId) {
    throw new UserError(
      `lock id ${lockId} does not match the lock held by ${holder.user}@${holder.host} (pid ${holder.pid}, lock id ${holder.lockId})`,
    );
  }
  fs.unlinkSync(lockPath(runDir));
  fsyncDir(runDir);
  return holder === 'unreadable' ? null : holder;
}

/** "alice@bastion pid 4242 (tty /dev/pts/3, from 10.0.0.5) since …" for messages. */
export function describeHolder(holder: LockInfo): string {
  const where = [
    holder.tty ? `tty ${holder.tty}` : null,
    holder.sshClient ? `from ${holder.sshClient}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return `${holder.user}@${holder.host} pid ${holder.pid}${where ? ` (${where})` : ''} since ${holder.since} (lock id ${holder.lockId})`;
}

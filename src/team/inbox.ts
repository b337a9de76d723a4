// The sign-off inbox: RUN/inbox/. The journal has one writer (hash-chained, fsynced per
// event), so a second operator never appends to it: `release-cockpit signoff` drops one small
// record file here and the writer journals it (a session that is open notices within a
// second; otherwise the next one to open the run). Who signed is the file's owner, which the
// kernel sets and only root can change; the record's own claim must agree with it.
// In a team state directory (setgid, group-shared) the inbox is 2770 like every directory,
// so members can drop records; in a private one only its owner can.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { ensurePrivateDir, fileModeFor, fsyncDir } from '../journal/statedir.js';
import { type Login, loginOfUid } from './identity.js';
import type { SignoffTarget } from './signoff.js';

export const INBOX_FORMAT = 'release-cockpit-signoff/1';
const MAX_RECORD_BYTES = 16 * 1024;

export interface InboxRecord {
  file: string;
  id: string;
  target: SignoffTarget;
  login: string;
  uid: number;
  role?: string;
  note?: string;
  givenAt: string;
}

export type InboxEntry =
  | { ok: true; record: InboxRecord }
  | { ok: false; file: string; id: string; uid: number; login: string; reason: string };

export function inboxDir(runDir: string): string {
  return path.join(runDir, 'inbox');
}

/** Write one record durably (dot-named temp file, fsync, rename into place, fsync the directory). */
export function dropRecord(
  runDir: string,
  who: Login,
  target: SignoffTarget,
  options: { role?: string; note?: string; now?: Date } = {},
): InboxRecord {
  const dir = inboxDir(runDir);
  try {
    ensurePrivateDir(dir);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `${dir}: cannot create the sign-off inbox (${(error as NodeJS.ErrnoException).code ?? 'error'}); is the state directory shared with your group?`,
    );
  }
  const givenAt = (options.now ?? new Date()).toISOString();
  const id = `${givenAt.replace(/[-:.]/g, '')}-${who.uid}-${randomBytes(6).toString('hex')}`;
  const body = {
    format: INBOX_FORMAT,
    id,
    target: target.kind,
    ...(target.kind === 'step' ? { step: target.stepId } : {}),
    login: who.login,
    uid: who.uid,
    ...(options.role ? { role: options.role } : {}),
    ...(options.note ? { note: options.note } : {}),
    givenAt,
  };
  const file = path.join(dir, `${id}.json`);
  const temp = path.join(dir, `.${id}.tmp`);
  const mode = fileModeFor(dir);
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx', mode);
  } catch (error) {
    throw new UserError(
      `${dir}: cannot write a sign-off record (${(error as NodeJS.ErrnoException).code ?? 'error'}); is the state directory shared with your group?`,
    );
  }
  try {
    fs.fchmodSync(fd, mode);
    fs.writeSync(fd, `${JSON.stringify(body)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // rename, not link: a reader must never see the record with two names (see readEntry).
  fs.renameSync(temp, file);
  fsyncDir(dir);
  return {
    file,
    id,
    target,
    login: who.login,
    uid: who.uid,
    givenAt,
    ...(options.role ? { role: options.role } : {}),
    ...(options.note ? { note: options.note } : {}),
  };
}

/** The records waiting, oldest first, each checked against its file's owner. */
export function readInbox(runDir: string): InboxEntry[] {
  const dir = inboxDir(runDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  } catch {
    return [];
  }
  return names.sort().map((name) => readEntry(path.join(dir, name)));
}

function readEntry(file: string): InboxEntry {
  const id = path.basename(file, '.json');
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return { ok: false, file, id, uid: -1, login: '?', reason: 'the record vanished' };
  }
  const owner = loginOfUid(stat.uid) ?? `uid ${stat.uid}`;
  const bad = (reason: string): InboxEntry => ({ ok: false, file, id, uid: stat.uid, login: owner, reason });
  if (!stat.isFile() || stat.isSymbolicLink()) return bad('not a regular file');
  if (stat.nlink !== 1) return bad('the record has more than one name (a hard link); refused');
  if (stat.size > MAX_RECORD_BYTES) return bad('the record is too large');
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return bad('the record is not valid JSON');
  }
  if (value.format !== INBOX_FORMAT || value.id !== id) return bad('not a sign-off record');
  if (value.uid !== stat.uid || value.login !== owner) {
    return bad(
      `the record claims ${String(value.login)} (uid ${String(value.uid)}) but its file belongs to ${owner} (uid ${stat.uid})`,
    );
  }
  const target: SignoffTarget | null =
    value.target === 'rollback'
      ? { kind: 'rollback' }
      : value.target === 'step' && typeof value.step === 'string'
        ? { kind: 'step', stepId: value.step }
        : null;
  if (!target || typeof value.givenAt !== 'string') return bad('the record names no target');
  return {
    ok: true,
    record: {
      file,
      id,
      target,
      login: owner,
      uid: stat.uid,
      givenAt: value.givenAt,
      ...(typeof value.role === 'string' ? { role: value.role } : {}),
      ...(typeof value.note === 'string' ? { note: value.note.slice(0, 500) } : {}),
    },
  };
}

/** Remove a record once it is journaled (or refused). */
export function removeRecord(file: string): void {
  fs.rmSync(file, { force: true });
  try {
    fsyncDir(path.dirname(file));
  } catch {
    // the record is gone either way; a re-read would be deduplicated by its id
  }
}

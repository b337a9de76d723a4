// Where runs live, and who may touch them. The default is the directory conf itself would use
// for projectName "release-cockpit" (env-paths "config" with conf's "-nodejs" suffix), so the
// snapshot and preferences written through conf land next to the journal.
//
// Permissions: directories 0700, files 0600. A directory with the setgid bit is a team
// directory (e.g. `install -d -m 2770 -g release /srv/release-cockpit` on the bastion): what we
// create below it is 2770 / 0660, files of other team members are accepted when they carry the
// directory's group, and nothing may be writable by others. Anything else is refused, because
// a journal that someone else can edit proves nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';

export const PROJECT_NAME = 'release-cockpit';
export const STATE_DIR_ENV = 'RELEASE_COCKPIT_STATE_DIR';

/** conf's default directory for a project (env-paths semantics, suffix "nodejs"). */
export function confDefaultDir(projectName = PROJECT_NAME): string {
  const name = `${projectName}-nodejs`;
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Preferences', name);
  if (process.platform === 'win32') {
    return path.join(process.env.APPDATA || path.join(home, 'AppData', 'Roaming'), name, 'Config');
  }
  return path.join(process.env.XDG_CONFIG_HOME || path.join(home, '.config'), name);
}

/** --state-dir, else $RELEASE_COCKPIT_STATE_DIR, else conf's per-user directory. Absolute. */
export function resolveStateDir(option?: string): string {
  const chosen = option || process.env[STATE_DIR_ENV] || confDefaultDir();
  return path.resolve(chosen);
}

function isSetgid(mode: number): boolean {
  return (mode & 0o2000) !== 0;
}

/** Whether `dir` is a group-shared (setgid) directory. */
export function isSharedDir(dir: string): boolean {
  try {
    return isSetgid(fs.statSync(dir).mode);
  } catch {
    return false;
  }
}

/** The mode for a file we create in `dir`: 0600, or 0660 in a shared directory. */
export function fileModeFor(dir: string): number {
  return isSharedDir(dir) ? 0o660 : 0o600;
}

function uid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * Refuse a file or directory we must trust when it belongs to someone else or others can
 * write it. One-line UserError (exit 2). A missing path is fine (nothing to trust yet).
 */
export function checkOwnership(target: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return;
  }
  const what = stat.isDirectory() ? 'directory' : 'file';
  if (stat.isSymbolicLink())
    throw new UserError(`${target}: refusing a symbolic link in the state directory`);
  const parent = path.dirname(target);
  let parentStat: fs.Stats | undefined;
  try {
    parentStat = fs.statSync(parent);
  } catch {
    parentStat = undefined;
  }
  const shared = isSetgid(stat.isDirectory() ? stat.mode : (parentStat?.mode ?? 0));
  const sharedGid = stat.isDirectory() ? stat.gid : parentStat?.gid;
  const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
  if ((stat.mode & 0o002) !== 0) {
    throw new UserError(`${target}: ${what} is writable by others (mode ${mode}); run chmod o-w on it`);
  }
  const me = uid();
  if (me !== undefined && stat.uid !== me) {
    if (!(shared && stat.gid === sharedGid)) {
      throw new UserError(
        `${target}: ${what} belongs to uid ${stat.uid}, not to you (uid ${me}); refusing to trust it`,
      );
    }
  }
  if ((stat.mode & 0o020) !== 0 && !shared) {
    throw new UserError(
      `${target}: ${what} is group-writable (mode ${mode}) outside a setgid team directory; run chmod g-w on it`,
    );
  }
}

/**
 * mkdir -p with our modes: 0700, or 2770 below a setgid directory. Existing directories on
 * the way are checked (not changed); new ones get their mode set explicitly (umask aside).
 */
export function ensurePrivateDir(dir: string): void {
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  let cursor = absolute;
  while (!fs.existsSync(cursor)) {
    missing.unshift(cursor);
    const up = path.dirname(cursor);
    if (up === cursor) break;
    cursor = up;
  }
  for (const created of missing) {
    const shared = isSharedDir(path.dirname(created));
    try {
      fs.mkdirSync(created, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      continue;
    }
    fs.chmodSync(created, shared ? 0o2770 : 0o700);
  }
  checkOwnership(absolute);
}

/** fsync a directory so a newly created or renamed entry survives a crash. */
export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

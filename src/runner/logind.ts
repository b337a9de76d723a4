// systemd-logind with KillUserProcesses=yes kills everything in a user's session scope when the
// user logs out, setsid or not: a dropped SSH connection would take running steps with it.
// Detect that at start and say what to do. The parser is pure; the reader only reads files and
// asks `loginctl` (when present) about lingering.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LogindSettings {
  /** null: not set in any file (the compiled-in default applies; Debian/Ubuntu: no). */
  killUserProcesses: boolean | null;
  killExcludeUsers: string[] | null;
  killOnlyUsers: string[] | null;
}

function parseBoolean(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (['yes', 'true', 'on', '1'].includes(v)) return true;
  if (['no', 'false', 'off', '0'].includes(v)) return false;
  return null;
}

/** Merge logind.conf texts in load order (main file, then drop-ins): the last assignment wins. */
export function parseLogindConf(texts: string[]): LogindSettings {
  const settings: LogindSettings = { killUserProcesses: null, killExcludeUsers: null, killOnlyUsers: null };
  for (const text of texts) {
    let section = '';
    for (const rawLine of text.split('\n')) {
      const line = rawLine.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
      const header = /^\[(.+)\]$/.exec(line);
      if (header) {
        section = header[1] ?? '';
        continue;
      }
      if (section !== 'Login') continue;
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (key === 'KillUserProcesses') settings.killUserProcesses = parseBoolean(value);
      // An empty assignment resets the list.
      if (key === 'KillExcludeUsers') settings.killExcludeUsers = value === '' ? null : value.split(/\s+/);
      if (key === 'KillOnlyUsers') settings.killOnlyUsers = value === '' ? null : value.split(/\s+/);
    }
  }
  return settings;
}

/** Whether logind would kill this user's processes at logout. root is excluded by default. */
export function killsUserProcesses(settings: LogindSettings, user: string): boolean {
  if (settings.killUserProcesses !== true) return false;
  const exclude = settings.killExcludeUsers ?? ['root'];
  if (exclude.includes(user)) return false;
  if (settings.killOnlyUsers && !settings.killOnlyUsers.includes(user)) return false;
  return true;
}

export function logindWarningText(user: string, lingering: boolean | null): string {
  const scope = 'start the cockpit under `systemd-run --user --scope release-cockpit …`';
  const fix = lingering ? scope : `run \`loginctl enable-linger ${user}\` and ${scope}`;
  return `systemd-logind kills ${user}'s processes at logout (KillUserProcesses=yes): a dropped connection would stop running steps. Ask an admin to set KillUserProcesses=no, or ${fix}.`;
}

const CONF_DIRS = [
  '/usr/lib/systemd/logind.conf.d',
  '/usr/local/lib/systemd/logind.conf.d',
  '/etc/systemd/logind.conf.d',
  '/run/systemd/logind.conf.d',
];

function readConfTexts(root: string): string[] {
  const texts: string[] = [];
  const read = (file: string) => {
    try {
      texts.push(readFileSync(file, 'utf8'));
    } catch {
      // Missing or unreadable: nothing set there.
    }
  };
  read(path.join(root, 'etc/systemd/logind.conf'));
  // Drop-ins apply in file-name order across all directories.
  const dropIns = new Map<string, string>();
  for (const dir of CONF_DIRS) {
    try {
      for (const name of readdirSync(path.join(root, dir))) {
        if (name.endsWith('.conf')) dropIns.set(name, path.join(root, dir, name));
      }
    } catch {
      // No such directory.
    }
  }
  for (const name of [...dropIns.keys()].sort()) read(dropIns.get(name) as string);
  return texts;
}

function lingerEnabled(user: string): boolean | null {
  const result = spawnSync('loginctl', ['show-user', user, '--property=Linger', '--value'], {
    encoding: 'utf8',
    timeout: 2000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (result.status !== 0) return null;
  return parseBoolean(result.stdout) ?? null;
}

/** One line to show at start, or null when logind is absent or will not kill the user's processes. */
export function killUserProcessesWarning(
  opts: { root?: string; user?: string; checkLinger?: boolean } = {},
): string | null {
  const root = opts.root ?? '/';
  // No systemd as init: no logind sessions to kill.
  if (root === '/' && !existsSync('/run/systemd/system')) return null;
  const user = opts.user ?? os.userInfo().username;
  if (!killsUserProcesses(parseLogindConf(readConfTexts(root)), user)) return null;
  return logindWarningText(user, opts.checkLinger === false ? null : lingerEnabled(user));
}

// Which way this machine's flock(1) can hold a step's kernel lock (see wrapper.ts, LOCK_STYLE):
// `flock --no-fork` (util-linux 2.38 and later) takes the lock and becomes the command, which
// costs no process; older ones lock from a process of their own beside the command. Asked once
// per cockpit, from flock's own help text, so a bastion with an old util-linux keeps working.
import { spawnSync } from 'node:child_process';
import type { LockStyle } from './wrapper.js';

let known: LockStyle | undefined;

export function lockStyle(): LockStyle {
  known ??= detectLockStyle();
  return known;
}

/** Ask the flock(1) found on searchPath; exported for tests. */
export function detectLockStyle(searchPath = process.env.PATH ?? '/usr/bin:/bin'): LockStyle {
  const help = spawnSync('flock', ['--help'], {
    encoding: 'utf8',
    env: { PATH: searchPath, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 5000,
  });
  // No flock at all: `beside`, whose wrapper says "flock not found" in the step's log.
  return typeof help.stdout === 'string' && help.stdout.includes('--no-fork') ? 'exec' : 'beside';
}

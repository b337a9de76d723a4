// Which way this machine's flock(1) can hold a step's kernel lock (see wrapper.ts, LOCK_STYLE):
// `flock --no-fork` (util-linux 2.38 and later) takes the lock and becomes the command, which
// costs no process; older ones lock from a process of their own beside the command. Asked once
// per cockpit, from flock's own help text, so a bastion with an old util-linux keeps working.
import { execFile, spawnSync } from 'node:child_process';
import type { LockStyle } from './wrapper.js';

let known: LockStyle | undefined;
let asking: Promise<LockStyle> | undefined;

/** The answer, asked now (synchronously) if learnLockStyle has not brought it yet. */
export function lockStyle(): LockStyle {
  known ??= detectLockStyle();
  return known;
}

/**
 * Ask in the background when the cockpit starts: asking costs a fork of the cockpit (tens of
 * milliseconds at its size), which should not land on the operator's first step.
 */
export function learnLockStyle(): Promise<LockStyle> {
  asking ??= new Promise((resolve) => {
    execFile('flock', ['--help'], helpOptions(process.env.PATH), (_error, stdout) => {
      known ??= styleFromHelp(stdout);
      resolve(known);
    });
  });
  return asking;
}

/** Ask the flock(1) found on searchPath; exported for tests. */
export function detectLockStyle(searchPath = process.env.PATH): LockStyle {
  const help = spawnSync('flock', ['--help'], {
    ...helpOptions(searchPath),
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return styleFromHelp(help.stdout);
}

function helpOptions(searchPath: string | undefined) {
  return {
    encoding: 'utf8' as const,
    env: { PATH: searchPath ?? '/usr/bin:/bin', LC_ALL: 'C' },
    timeout: 5000,
  };
}

// No flock at all: `beside`, whose wrapper says "flock not found" in the step's log.
function styleFromHelp(stdout: unknown): LockStyle {
  return typeof stdout === 'string' && stdout.includes('--no-fork') ? 'exec' : 'beside';
}
